namespace EdgeFM.Gateway.Planning;

/// <summary>One stage of a serving plan: where it runs, and where it runs instead if that fails before its first token.</summary>
/// <param name="Role">What the stage does.</param>
/// <param name="Primary">Where it runs.</param>
/// <param name="Fallback">Where it runs when <paramref name="Primary"/> cannot start (cloud down, edge queue full, load failed), or null.</param>
public sealed record PlanStage(StageRole Role, Destination Primary, Destination? Fallback)
{
    /// <inheritdoc />
    public override string ToString() => $"{Role.ToString().ToUpperInvariant()} {Primary}" + (Fallback is null ? string.Empty : $" | fallback {Fallback}");
}
