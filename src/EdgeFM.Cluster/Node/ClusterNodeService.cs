using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeFM.Cluster.Node;

/// <summary>Runs a <see cref="ClusterNode"/>'s publish loop once the co-hosted silo has started.</summary>
internal sealed class ClusterNodeService(ClusterNode node, IServiceProvider services, ILogger<ClusterNodeService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => node.RunAsync(
        services.GetRequiredService<IGrainFactory>(),
        services.GetRequiredService<IClusterMembershipService>(),
        services.GetRequiredService<ILocalSiloDetails>(),
        logger,
        stoppingToken);
}
