namespace EdgeFM.Core.Caching;

/// <summary>
/// The settings of the built-in cache policies, shared by the simulator (a scenario's <c>context</c> section) and the
/// gateway (its settings of the same names), so that a policy named in either runs with the same parameters.
/// </summary>
public sealed record CachePolicyOptions
{
    /// <summary>
    /// LC's credit for a model it would load, in effective examples (&gt; 0): LC evicts only when the victims' context
    /// is worth less than this plus the newcomer's recent demand. 1 = the one fresh, relevant example the request brings.
    /// </summary>
    public double NewModelWorth { get; init; } = 1;
}
