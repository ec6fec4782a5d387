using EdgeFM.Core.Cluster;
using EdgeFM.Gateway.Configuration;
using Microsoft.AspNetCore.Builder;
#if EDGEFM_CLUSTER
using EdgeFM.Cluster.Hosting;
#endif

namespace EdgeFM.Cli.Commands;

/// <summary>
/// <c>edgefm serve --cluster ...</c>: makes the gateway a silo of the edge cluster. Orleans is not Native AOT or trim
/// compatible, so only the JIT build (<c>dotnet edgefm.dll</c>, <c>dotnet run</c>) carries EdgeFM.Cluster; the native
/// binary refuses <c>--cluster</c> with one line saying so (docs/cluster.md).
/// </summary>
internal static class ServeCluster
{
    /// <summary>The join step for <see cref="Gateway.GatewayHost.Build(GatewayOptions, Func{WebApplicationBuilder, IEdgeCluster})"/>, or null without <c>--cluster</c>.</summary>
    public static Func<WebApplicationBuilder, IEdgeCluster>? Join(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Cluster.Address is not { } address)
        {
            return null;
        }

#if EDGEFM_CLUSTER
        (ClusterMode Mode, int PrimaryPort, string? Redis) parsed;
        try
        {
            parsed = EdgeClusterSettings.ParseAddress(address);
        }
        catch (FormatException ex)
        {
            throw new CliException($"--cluster {address}: {ex.Message}.", ex, ExitCodes.BadInput);
        }

        var endpoint = options.Cluster.AdvertiseUrl ?? new Uri(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0]);
        var settings = new EdgeClusterSettings
        {
            Mode = parsed.Mode,
            PrimarySiloPort = parsed.PrimaryPort,
            RedisConfiguration = parsed.Redis,
            Node = options.Cluster.Node ?? $"{Environment.MachineName}-{endpoint.Port}",
            SiloPort = options.Cluster.SiloPort,
            Endpoint = endpoint,
        };
        return builder =>
        {
            try
            {
                return builder.AddEdgeCluster(settings);
            }
            catch (EdgeClusterUnreachableException ex)
            {
                // The message names the Redis endpoint without the address's password.
                throw new CliException($"--cluster: {ex.Message}.", ex, ExitCodes.BadInput);
            }
        };
#else
        throw new CliException(
            $"--cluster {address}: this native edgefm has no cluster support (Orleans needs the JIT runtime); run the JIT build instead: dotnet edgefm.dll serve ... (see docs/cluster.md).",
            ExitCodes.BadInput);
#endif
    }
}
