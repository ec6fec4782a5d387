using System.Net;
using EdgeFM.Cluster.Node;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using RedisOptions = StackExchange.Redis.ConfigurationOptions;

namespace EdgeFM.Cluster.Hosting;

/// <summary>Makes a host (the gateway's ASP.NET Core app) an Orleans silo of the edge cluster.</summary>
public static class EdgeClusterHosting
{
    /// <summary>
    /// Adds the silo, the cluster's grains and the node's publish loop to <paramref name="builder"/>, and returns the
    /// node (the gateway's <see cref="Core.Cluster.IEdgeCluster"/>). With Redis clustering it first checks that Redis
    /// answers, and throws <see cref="EdgeClusterUnreachableException"/> (a one-line message) when it does not.
    /// </summary>
    public static ClusterNode AddEdgeCluster(this IHostApplicationBuilder builder, EdgeClusterSettings settings, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        time ??= TimeProvider.System;
        if (settings.Mode == ClusterMode.Redis)
        {
            RedisReachability.Ensure(settings.RedisConfiguration!);
        }

        var node = new ClusterNode(settings, time);
        builder.UseOrleans(silo => Configure(silo, settings));
        builder.Services.AddSingleton(settings.Timing);
        builder.Services.TryAddSingleton(time);
        builder.Services.AddSingleton(node);
        builder.Services.AddHostedService<ClusterNodeService>();
        return node;
    }

    /// <summary>Clustering, endpoints and failure detection of one edge silo.</summary>
    public static void Configure(ISiloBuilder silo, EdgeClusterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Mode == ClusterMode.Localhost)
        {
            silo.UseLocalhostClustering(settings.SiloPort, gatewayPort: 0, new IPEndPoint(IPAddress.Loopback, settings.PrimarySiloPort), settings.ClusterId, settings.ClusterId);
        }
        else
        {
            silo.UseRedisClustering(options => options.ConfigurationOptions = RedisOptions.Parse(settings.RedisConfiguration!));
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = settings.ClusterId;
                options.ServiceId = settings.ClusterId;
            });
            silo.ConfigureEndpoints(settings.SiloPort, gatewayPort: 0, listenOnAnyHostAddress: true);
        }

        ConfigureFailureDetection(silo);
    }

    /// <summary>
    /// Failure detection fit for edges serving interactive requests: a node that stops answering probes is declared
    /// dead within a few seconds (Orleans' defaults take tens of seconds), and a grain call to a silo that vanished
    /// fails after 5 s.
    /// </summary>
    public static void ConfigureFailureDetection(ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(1);
            options.NumMissedProbesLimit = 2;
            options.NumVotesForDeathDeclaration = 1;
            options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        });
        silo.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(5));
    }
}
