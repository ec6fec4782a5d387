namespace EdgeFM.Simulation.Scenarios;

/// <summary>How requests are generated (or replayed from a trace).</summary>
public sealed record WorkloadSettings
{
    /// <summary>Number of users, each a Poisson source (≥ 1). Ignored when a trace is replayed.</summary>
    public int Users { get; init; } = 20;

    /// <summary>Requests per second of one user (&gt; 0).</summary>
    public double RatePerUser { get; init; } = 0.1;

    /// <summary>Zipf skew s of model popularity: the model of rank k is requested ∝ 1/k^s (≥ 0; 0 is uniform). Rank = catalog order.</summary>
    public double ZipfSkew { get; init; } = 0.8;

    /// <summary>Every this many seconds the popularity ranking rotates by one model (0 = never).</summary>
    public double PopularityShiftSeconds { get; init; }

    /// <summary>Speed at which the common topic moves around the topic circle [0, 1), in turns per second (≥ 0).</summary>
    public double TopicDriftPerSecond { get; init; } = 0.001;

    /// <summary>Half-width of the uniform spread of a request's topic around the common topic (in [0, 0.5]).</summary>
    public double TopicJitter { get; init; } = 0.05;

    /// <summary>Input tokens of a generated request (≥ 0).</summary>
    public int InputTokens { get; init; } = 200;

    /// <summary>Output tokens of a generated request (≥ 0).</summary>
    public int OutputTokens { get; init; } = 300;

    /// <summary>Bytes per input token sent from the user to the edge (≥ 0).</summary>
    public double BytesPerToken { get; init; } = 4;

    /// <summary>Side of the square area users and servers are placed in, in kilometres (&gt; 0).</summary>
    public double AreaKm { get; init; } = 10;

    /// <summary>A CSV trace to replay instead of generating requests (absolute, or relative to the scenario file).</summary>
    public string? TracePath { get; init; }
}
