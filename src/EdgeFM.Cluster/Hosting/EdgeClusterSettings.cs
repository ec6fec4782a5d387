using System.Globalization;

namespace EdgeFM.Cluster.Hosting;

/// <summary>How one gateway joins the edge cluster as an Orleans silo.</summary>
public sealed record EdgeClusterSettings
{
    /// <summary>Default silo-to-silo port, also the localhost cluster's primary port.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>Localhost or Redis clustering.</summary>
    public required ClusterMode Mode { get; init; }

    /// <summary>With <see cref="ClusterMode.Localhost"/>: the primary silo's port (the node listening there keeps the membership table).</summary>
    public int PrimarySiloPort { get; init; } = DefaultSiloPort;

    /// <summary>With <see cref="ClusterMode.Redis"/>: the StackExchange.Redis configuration, e.g. <c>10.0.0.5:6379</c> or <c>10.0.0.5:6379,password=SECRET</c>.</summary>
    public string? RedisConfiguration { get; init; }

    /// <summary>This gateway's node name, unique in the cluster.</summary>
    public required string Node { get; init; }

    /// <summary>This silo's silo-to-silo port.</summary>
    public int SiloPort { get; init; } = DefaultSiloPort;

    /// <summary>This gateway's HTTP API base URL as the other edges reach it.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The Orleans cluster id: gateways with the same id form one cluster.</summary>
    public string ClusterId { get; init; } = "edgefm";

    /// <summary>Publish period, entry lifetime, demand half-life.</summary>
    public EdgeClusterTiming Timing { get; init; } = new();

    /// <summary>
    /// Parses a <c>--cluster</c> value: <c>localhost</c>, <c>localhost:PORT</c> (the primary silo's port) or
    /// <c>redis://HOST:PORT</c> (with <c>,password=SECRET</c> or other StackExchange.Redis options after it). Throws <see cref="FormatException"/> with what is expected.
    /// </summary>
    public static (ClusterMode Mode, int PrimaryPort, string? Redis) ParseAddress(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.StartsWith("redis://", StringComparison.OrdinalIgnoreCase))
        {
            var hostPort = value["redis://".Length..].TrimEnd('/');
            return hostPort.Length > 0 && !hostPort.Contains('/', StringComparison.Ordinal)
                ? (ClusterMode.Redis, DefaultSiloPort, hostPort)
                : throw new FormatException("expected redis://HOST:PORT, e.g. redis://10.0.0.5:6379");
        }

        if (string.Equals(value, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return (ClusterMode.Localhost, DefaultSiloPort, null);
        }

        if (value.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(value["localhost:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)
        {
            return (ClusterMode.Localhost, port, null);
        }

        throw new FormatException("expected localhost, localhost:PRIMARY-SILO-PORT or redis://HOST:PORT");
    }
}
