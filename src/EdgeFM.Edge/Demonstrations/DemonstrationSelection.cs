namespace EdgeFM.Edge.Demonstrations;

/// <summary>The demonstrations chosen for a request.</summary>
/// <param name="Chosen">The chosen demonstrations, best score first.</param>
/// <param name="Tokens">Their total token cost, ≤ the budget.</param>
/// <param name="ContextValue">Σ AoC score over every candidate (chosen or not): the model's live context value for the request.</param>
public sealed record DemonstrationSelection(IReadOnlyList<ScoredDemonstration> Chosen, int Tokens, double ContextValue)
{
    /// <summary>Nothing chosen, no value.</summary>
    public static DemonstrationSelection Empty { get; } = new([], 0, 0);
}
