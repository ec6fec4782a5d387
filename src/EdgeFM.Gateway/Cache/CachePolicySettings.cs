using EdgeFM.Core.Caching;

namespace EdgeFM.Gateway.Cache;

/// <summary>How the cache decides: the Core policy by name and the Age-of-Context parameters it sees.</summary>
public sealed record CachePolicySettings
{
    /// <summary>Policy name, one of <see cref="CachePolicyNames.All"/>.</summary>
    public string Policy { get; init; } = CachePolicyNames.LC;

    /// <summary>Seed of the policy's randomness (the Random policy).</summary>
    public int Seed { get; init; }

    /// <summary>Demonstrations a loaded model keeps (its in-context window, ≥ 1); the oldest is replaced when full.</summary>
    public int ContextCapacity { get; init; } = 8;

    /// <summary>Ω: age at which a demonstration stops counting in the Age-of-Context value.</summary>
    public TimeSpan ContextWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a request that must run at the edge waits for room when every loaded model is pinned or busy, before
    /// it is refused as having no room.
    /// </summary>
    public TimeSpan RoomWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>ℓ: how fast a demonstration's relevance falls with topic distance (0: every topic counts fully).</summary>
    public double TopicSharpness { get; init; } = 4;
}
