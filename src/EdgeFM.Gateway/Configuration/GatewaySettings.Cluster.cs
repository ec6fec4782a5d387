namespace EdgeFM.Gateway.Configuration;

public static partial class GatewaySettings
{
    /// <summary>The edge cluster's settings (docs/cluster.md), listed after the others.</summary>
    private static GatewaySetting[] ClusterTable =>
    [
        new("Cluster", "--cluster", "Join an edge cluster: localhost, localhost:PRIMARY-SILO-PORT or redis://HOST:PORT (JIT build only).", "(none)",
            (o, v) => o with { Cluster = o.Cluster with { Address = v.Length == 0 ? null : ParseClusterAddress(v) } }),
        new("Node", "--node", "This gateway's node name in the cluster.", "(host:port)",
            (o, v) => o with { Cluster = o.Cluster with { Node = v.Length == 0 ? null : ParseNodeName(v) } }),
        new("SiloPort", "--silo-port", "Orleans silo-to-silo port of this gateway (each node on one machine needs its own).", "11111",
            (o, v) => o with { Cluster = o.Cluster with { SiloPort = ParseInt(v, 1, 65535) } }),
        new("AdvertiseUrl", "--advertise-url", "URL other edges reach this gateway's API at.", "(first of --urls)",
            (o, v) => o with { Cluster = o.Cluster with { AdvertiseUrl = v.Length == 0 ? null : ParseUrl(v) } }),
        new("PeerHop", "--peer-hop", "Expected extra time of one hop to a peer edge, for placement: 5ms, 20ms.", "5ms",
            (o, v) => o with { Cluster = o.Cluster with { PeerHopSeconds = ParseDuration(v).TotalSeconds } }),
        new("EvictionGuard", "--eviction-guard", "Decide as the cooperative variant of --policy (Coop-NAME: keep the cluster's last copy of a model in demand, prefetch where demand is forecast to rise): on or off.", "on",
            (o, v) => o with { Cluster = o.Cluster with { Cooperative = ParseOnOff(v) } }),
    ];

    private static string ParseClusterAddress(string value) =>
        string.Equals(value, "localhost", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("redis://", StringComparison.OrdinalIgnoreCase)
            ? value
            : throw new FormatException("expected localhost, localhost:PRIMARY-SILO-PORT or redis://HOST:PORT");

    private static string ParseNodeName(string value) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && value.Length <= 64
            ? value
            : throw new FormatException("expected letters, digits, '-', '_' or '.' (at most 64)");
}
