using System.Collections.Immutable;
using EdgeFM.Cluster.Grains;
using EdgeFM.Cluster.Hosting;
using EdgeFM.Cluster.Node;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFM.Cluster.Tests;

public sealed class GrainTests : IClassFixture<ThreeSilos>
{
    private readonly ThreeSilos _silos;

    public GrainTests(ThreeSilos silos) => _silos = silos;

    [Fact]
    public async Task Directory_and_demand_agree_across_silos_and_a_dead_silo_is_dropped()
    {
        var cluster = _silos.Cluster;
        var silos = cluster.Silos.ToList();
        Assert.Equal(3, silos.Count);
        var names = new[] { "a", "b", "c" };

        // Each node holds a different model and m-shared; each saw requests for m-shared.
        for (var i = 0; i < 3; i++)
        {
            await Publish(cluster.GrainFactory, names[i], silos[i].SiloAddress.ToParsableString(), [$"m{i}", "m-shared"]);
            await cluster.GrainFactory.GetGrain<IModelDemandGrain>("m-shared").AddAsync(names[i], i + 1, total: 10 + i);
        }

        var directory = cluster.GrainFactory.GetGrain<IModelDirectoryGrain>(IModelDirectoryGrain.Key);
        var entries = await directory.SnapshotAsync();
        Assert.Equal(names, entries.Select(e => e.Node).Order(StringComparer.Ordinal));
        Assert.Equal(3, entries.Count(e => e.Models.Any(m => m.Model == "m-shared")));
        Assert.Equal(["m1", "m-shared"], entries.Single(e => e.Node == "b").Models.Select(m => m.Model));

        var demand = await cluster.GrainFactory.GetGrain<IModelDemandGrain>("m-shared").GetAsync();
        Assert.InRange(demand.Total, 5.99, 6.0); // 1 + 2 + 3, decayed by well under a second of a one-minute half-life
        Assert.Equal(demand.Total, demand.PerNode.Values.Sum(), 9);
        Assert.True(demand.PerNode["c"] > demand.PerNode["b"] && demand.PerNode["b"] > demand.PerNode["a"]);
        Assert.Equal([10L, 11, 12], names.Select(n => demand.Totals[n]));

        // The first node to claim a user is its home; later claims from live nodes keep it.
        var home = cluster.GrainFactory.GetGrain<IUserHomeGrain>("user-1");
        Assert.Equal("b", await home.ClaimAsync("b", silos[1].SiloAddress.ToParsableString()));
        Assert.Equal("b", await home.ClaimAsync("c", silos[2].SiloAddress.ToParsableString()));

        // Kill the third silo (not the primary, which keeps the development membership table). Its node keeps being
        // "published" (a stale writer); once membership declares it dead, the directory leaves it out and drops it.
        var dead = silos[2];
        await cluster.KillSiloAsync(dead);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        ImmutableArray<DirectoryEntry> after;
        do
        {
            await Task.Delay(250);
            for (var i = 0; i < 3; i++)
            {
                await Publish(cluster.GrainFactory, names[i], silos[i].SiloAddress.ToParsableString(), [$"m{i}", "m-shared"]);
            }

            after = await directory.SnapshotAsync();
        }
        while (after.Any(e => e.Node == "c") && DateTime.UtcNow < deadline);

        Assert.Equal(["a", "b"], after.Select(e => e.Node).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(after, e => e.Models.Any(m => m.Model == "m2"));

        // A home on the dead node moves to the next live claimant.
        var orphan = cluster.GrainFactory.GetGrain<IUserHomeGrain>("user-2");
        await orphan.ClaimAsync("a", silos[0].SiloAddress.ToParsableString());
        var onDead = cluster.GrainFactory.GetGrain<IUserHomeGrain>("user-3");
        Assert.Equal("c", await onDead.ClaimAsync("c", dead.SiloAddress.ToParsableString()));
        Assert.Equal("a", await onDead.ClaimAsync("a", silos[0].SiloAddress.ToParsableString()));
    }

    [Fact]
    public async Task An_edge_sees_another_edges_request_count_through_the_demand_grains_from_when_it_first_looked()
    {
        var silos = _silos.Cluster.Silos.Take(2).Cast<Orleans.TestingHost.InProcessSiloHandle>().ToList();
        var timing = new EdgeClusterTiming { PublishInterval = TimeSpan.FromMilliseconds(100) };
        var a = new ClusterNode(new EdgeClusterSettings { Mode = ClusterMode.Localhost, Node = "count-a", Endpoint = new Uri("http://127.0.0.1:1/"), Timing = timing }, TimeProvider.System);
        var b = new ClusterNode(new EdgeClusterSettings { Mode = ClusterMode.Localhost, Node = "count-b", Endpoint = new Uri("http://127.0.0.1:2/"), Timing = timing }, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var runs = new[] { Run(a, silos[0], stop.Token), Run(b, silos[1], stop.Token) };
        var model = new Core.Models.ModelId("m-counted");

        // b's first three requests happened before a looked: a's count starts there.
        for (var i = 0; i < 3; i++)
        {
            b.RecordRequest(model, user: null);
        }

        Assert.Equal(3, b.RequestCount("count-b", model));
        await WaitUntilAsync(async () =>
        {
            a.RequestCount("count-b", model);
            var demand = await _silos.Cluster.GrainFactory.GetGrain<IModelDemandGrain>(model.Value).GetAsync();
            return demand.Totals.GetValueOrDefault("count-b") == 3;
        });
        await Task.Delay(500); // a few of a's refreshes: it has the baseline
        Assert.Equal(0, a.RequestCount("count-b", model));

        b.RecordRequest(model, user: null);
        b.RecordRequest(model, user: null);
        await WaitUntilAsync(() => Task.FromResult(a.RequestCount("count-b", model) == 2));
        Assert.Equal(5, b.RequestCount("count-b", model));
        Assert.Equal(0, a.RequestCount("count-a", model));

        // What b publishes, a offers as a replica (b's endpoint, loaded only), and a's member list is reused while
        // neither the directory copy nor membership changed.
        b.Report(new Core.Cluster.NodeResidency(
            [new(model, Core.Cluster.ReplicaState.Loaded, 10, 0.5, 1), new(new Core.Models.ModelId("m-loading"), Core.Cluster.ReplicaState.Loading, 10, 0, 0)], 100, 20, 1));
        await WaitUntilAsync(() => Task.FromResult(a.Replicas(model).Count == 1));
        var replica = Assert.Single(a.Replicas(model));
        Assert.Equal(("count-b", new Uri("http://127.0.0.1:2/"), 1), (replica.Node, replica.Endpoint, replica.Replica.QueueDepth));
        Assert.Empty(a.Replicas(new Core.Models.ModelId("m-loading")));
        Assert.Empty(b.Replicas(model));
        Assert.Equal(2, a.Copies(model) + b.Copies(model));

        await stop.CancelAsync();
        await Task.WhenAll(runs);
        var members = a.Members();
        Assert.Same(members, a.Members());
        Assert.Contains(members, m => m.Node == "count-b" && m.Residency.Models.Count == 2);
    }

    private static Task Run(ClusterNode node, Orleans.TestingHost.InProcessSiloHandle silo, CancellationToken cancellationToken)
    {
        var services = silo.SiloHost.Services;
        return node.RunAsync(
            services.GetRequiredService<IGrainFactory>(),
            services.GetRequiredService<IClusterMembershipService>(),
            services.GetRequiredService<ILocalSiloDetails>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            cancellationToken);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }

    private static Task Publish(IGrainFactory grains, string node, string silo, string[] models) =>
        grains.GetGrain<IModelDirectoryGrain>(IModelDirectoryGrain.Key).PublishAsync(new DirectoryEntry(
            node, silo, $"http://127.0.0.1/{node}/", [.. models.Select(m => new DirectoryModel(m, false, 1000, 0.5, 0))], 4000, 2000, 0, DateTimeOffset.UtcNow));
}
