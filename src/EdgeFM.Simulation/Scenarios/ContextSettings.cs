namespace EdgeFM.Simulation.Scenarios;

/// <summary>Parameters of the default Age-of-Context functions.</summary>
public sealed record ContextSettings
{
    /// <summary>Ω: seconds after which an example no longer counts (&gt; 0).</summary>
    public double WindowSeconds { get; init; } = 600;

    /// <summary>ℓ: how fast relevance falls with topic distance (≥ 0; 0 = every example fully relevant).</summary>
    public double TopicSharpness { get; init; } = 4;

    /// <summary>
    /// The LC policy's credit for a model it would load, in effective examples (&gt; 0): LC evicts only when the
    /// victims' context is worth less than this. 1 = the one fresh, relevant example the request brings.
    /// </summary>
    public double NewModelWorth { get; init; } = 1;

    /// <summary>These settings as the policies take them.</summary>
    public Core.Caching.CachePolicyOptions PolicyOptions => new() { NewModelWorth = NewModelWorth };
}
