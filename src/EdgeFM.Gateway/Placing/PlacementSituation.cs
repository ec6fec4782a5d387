using EdgeFM.Core.Models;

namespace EdgeFM.Gateway.Placing;

/// <summary>What a placement policy knows about one request and the gateway when it arrives.</summary>
public sealed record PlacementSituation
{
    /// <summary>The requested model.</summary>
    public required ModelId Model { get; init; }

    /// <summary>True when the model is loaded or being loaded at this edge (no switching cost).</summary>
    public required bool Cached { get; init; }

    /// <summary>Expected seconds to load the model if it is not cached (its last measured load, else an estimate).</summary>
    public double LoadSeconds { get; init; }

    /// <summary>Requests already admitted to this model (running and waiting), not counting this one.</summary>
    public int QueueAhead { get; init; }

    /// <summary>Generations one model runs at once (≥ 1).</summary>
    public int Parallel { get; init; } = 1;

    /// <summary>Estimated prompt tokens of this request.</summary>
    public int PromptTokens { get; init; }

    /// <summary>Output tokens this request may generate (its <c>max_tokens</c>).</summary>
    public int OutputTokens { get; init; }

    /// <summary>Context length (tokens) the edge models are loaded with.</summary>
    public int ContextLength { get; init; } = int.MaxValue;

    /// <summary>Seconds the edge model spends per prompt token (measured, else a prior).</summary>
    public double PrefillSecondsPerToken { get; init; }

    /// <summary>Seconds the edge model spends per generated token (measured, else a prior).</summary>
    public double DecodeSecondsPerToken { get; init; }

    /// <summary>Age-of-Context value of the model's demonstrations for this request's time and topic (0 when not cached).</summary>
    public double ContextValue { get; init; }

    /// <summary>Bytes of the request's input, for the user-to-edge offloading latency.</summary>
    public double PayloadBytes { get; init; }

    /// <summary>True when a cloud is configured and its circuit is closed.</summary>
    public bool CloudAvailable { get; init; }

    /// <summary>Expected end-to-end seconds of a cloud request (measured, else the configured prior).</summary>
    public double CloudLatencySeconds { get; init; }

    /// <summary>Seconds one request at the edge takes once it runs: prefill plus decode.</summary>
    public double EdgeServiceSeconds => (PromptTokens * PrefillSecondsPerToken) + (OutputTokens * DecodeSecondsPerToken);

    /// <summary>Seconds this request waits for the requests ahead of it: whole rounds of <see cref="Parallel"/> generations.</summary>
    public double EdgeQueueSeconds => (QueueAhead / Math.Max(1, Parallel)) * EdgeServiceSeconds;

    /// <summary>True when the prompt and the requested output fit the edge context.</summary>
    public bool FitsEdgeContext => (long)PromptTokens + OutputTokens <= ContextLength;
}
