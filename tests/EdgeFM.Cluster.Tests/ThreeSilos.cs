using EdgeFM.Cluster.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.TestingHost;

namespace EdgeFM.Cluster.Tests;

/// <summary>Three in-process silos (Orleans TestingHost) with the edge cluster's grains and failure detection.</summary>
public sealed class ThreeSilos : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<Configurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton(new EdgeClusterTiming { EntryLifetime = TimeSpan.FromSeconds(30) });
            siloBuilder.Services.TryAddSingleton(TimeProvider.System);
            EdgeClusterHosting.ConfigureFailureDetection(siloBuilder);
        }
    }
}
