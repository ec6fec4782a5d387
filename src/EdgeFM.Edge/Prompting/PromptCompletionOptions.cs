namespace EdgeFM.Edge.Prompting;

/// <summary>How the edge model writes the connectors of a completed prompt.</summary>
public sealed record PromptCompletionOptions
{
    /// <summary>Most tokens of one connector (the text after a fact, before its full stop). Default 8.</summary>
    public int ConnectorMaxTokens { get; init; } = 8;

    /// <summary>
    /// Fewest tokens of one connector: until reached, sentence ends and end-of-sequence are masked too. Default 0 (the
    /// model may end a fact's sentence at once; small models mostly do).
    /// </summary>
    public int ConnectorMinTokens { get; init; }

    /// <summary>Sampling temperature of connectors; 0 (the default) is greedy, so completions are deterministic.</summary>
    public float Temperature { get; init; }

    /// <summary>Seed of the sampler when <see cref="Temperature"/> is above 0.</summary>
    public int Seed { get; init; }
}
