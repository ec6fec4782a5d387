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

    /// <summary>True when the cooperative eviction guard keeps the cluster's last copy of a model in demand.</summary>
    public bool EvictionGuard { get; init; } = true;

    /// <summary>Cluster-wide decayed demand at or above which a model counts as in demand for the eviction guard.</summary>
    public double GuardDemand { get; init; } = 1;

    /// <summary>True when the gateway joins a cluster.</summary>
    public bool Enabled => Address is not null;
}
