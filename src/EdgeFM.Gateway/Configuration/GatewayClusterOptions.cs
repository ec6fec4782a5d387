using EdgeFM.Core.Caching;

namespace EdgeFM.Gateway.Configuration;

/// <summary>How a gateway joins an edge cluster (docs/cluster.md); <see cref="Address"/> null means it stays alone.</summary>
public sealed record GatewayClusterOptions
{
    /// <summary><c>localhost</c>, <c>localhost:PRIMARY-SILO-PORT</c> or <c>redis://HOST:PORT</c>; null: no cluster.</summary>
    public string? Address { get; init; }

    /// <summary>This gateway's node name in the cluster; null: the host name and the HTTP port.</summary>
    public string? Node { get; init; }

    /// <summary>This gateway's Orleans silo-to-silo port.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>The URL other edges reach this gateway's API at; null: the first <c>--urls</c> entry.</summary>
    public Uri? AdvertiseUrl { get; init; }

    /// <summary>Expected extra seconds of one hop to a peer edge (network round trip and the peer's HTTP handling).</summary>
    public double PeerHopSeconds { get; init; } = 0.005;

    /// <summary>
    /// True (<c>--eviction-guard on</c>) when the cache policy in a cluster is Core's cooperative variant of
    /// <c>--policy</c> (<c>Coop-NAME</c>: keeps the cluster's last copy of a model in demand, prefetches where demand is
    /// forecast to rise); false decides with the plain policy.
    /// </summary>
    public bool Cooperative { get; init; } = true;

    /// <summary>The cooperative policy's settings (the simulator's defaults: 60 s forecast period, Holt α 0.5, β 0.3).</summary>
    public CooperativePolicyOptions Cooperation { get; init; } = new();

    /// <summary>True when the gateway joins a cluster.</summary>
    public bool Enabled => Address is not null;
}
