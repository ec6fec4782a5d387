using EdgeFM.Core.Caching;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Cluster;
using EdgeFM.Gateway.Dashboard;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Planning;
using EdgeFM.Gateway.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EdgeFM.Gateway.Tests.Cluster;

/// <summary>
/// A clustered gateway decides with Core's cooperative policy (the simulator's class) over its cluster view: the last
/// copy of a model in demand stays, demand forecast to rise here is prefetched, within the budget, while nodes come
/// and go. In-process, a fake clock and a fake cluster (this node's counts are its own requests; the test plays the
/// peers).
/// </summary>
public sealed class CooperativeCachingTests
{
    private const long Budget = 600;
    private const double Period = 10;

    [Fact]
    public async Task The_last_copy_of_a_model_in_demand_stays_while_another_is_evicted()
    {
        // Without the cooperative policy LRU evicts m0 (least recently used); with it, m0 is the cluster's only copy and
        // peer b's users keep asking for it, so m1 goes instead.
        Assert.Equal(["m1", "m2"], await LoadedAfterPressureAsync(cooperative: false));
        Assert.Equal(["m0", "m2"], await LoadedAfterPressureAsync(cooperative: true));
    }

    [Fact]
    public async Task Alone_in_its_cluster_an_edge_keeps_no_last_copy()
    {
        // This edge's users want m0 and m1; peer b holds m1 too. While b lives, m0 is the cluster's last copy in demand,
        // so LRU's victim is m1 instead; once b is dead this edge is alone, and LRU evicts m0 as a lone gateway would.
        Assert.Equal(["m0", "m2"], await LoadedWithOwnDemandAsync(peerAlive: true));
        Assert.Equal(["m1", "m2"], await LoadedWithOwnDemandAsync(peerAlive: false));
    }

    [Fact]
    public async Task A_model_whose_demand_rises_here_is_prefetched_before_its_next_request_within_the_budget()
    {
        var (time, _, gateway) = await StartAsync();
        await using var __ = gateway;
        await RiseBehindPinsAsync(gateway, time);
        gateway.Cache.Unpin("m1");
        await TickAsync(gateway, time, 2 * Period);

        // Holt over m2's 1, 3 requests per period: the first period sets level 1 and no trend, the second level 2 and trend
        // 0.3 (learnt through β): 2.3 requests forecast and rising; m1 (1, then 0) is forecast 0.35, so m2 replaces m1.
        await WaitUntilAsync(() => gateway.Cache.IsLoaded("m2"));
        Assert.Equal(["m0", "m2"], Loaded(gateway));
        Assert.Equal(1, gateway.Loader.Loads["m2"]);
        Assert.True(gateway.Loader.PeakBytes <= Budget);
        var events = gateway.App.Services.GetRequiredService<GatewayEventLog>().Latest(GatewayEventLog.Capacity);
        Assert.Contains(events, e => e is { Kind: GatewayEventKinds.Prefetch, Model: "m2" } && e.Reason.Contains("Coop-LRU: forecast 2.3 requests", StringComparison.Ordinal));
        Assert.Contains("edgefm_prefetches_total{model=\"m2\",result=\"ok\"} 1", gateway.App.Services.GetRequiredService<GatewayMetrics>().Render(), StringComparison.Ordinal);

        // The cluster endpoint shows the forecasts behind it.
        using var cluster = System.Text.Json.JsonDocument.Parse(await gateway.Client.GetStringAsync(new Uri("/v1/edge/cluster", UriKind.Relative)));
        var m2 = cluster.RootElement.GetProperty("demand").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "m2");
        Assert.Equal(2.3, m2.GetProperty("forecast_here").GetDouble(), 9);

        // The next request for m2 is a hit.
        Assert.Equal([false], await ServeAsync(gateway, time, 21, "m2"));
        Assert.Equal(1, gateway.Loader.Loads["m2"]);
    }

    [Fact]
    public async Task Nothing_is_prefetched_beyond_the_budget()
    {
        var (time, _, gateway) = await StartAsync();
        await using var __ = gateway;
        await RiseBehindPinsAsync(gateway, time);

        // The same rising forecast as above, but both models stay pinned: there is no room, so no prefetch.
        await TickAsync(gateway, time, 2 * Period);
        Assert.Null(await Prefetcher(gateway)!.RunOnceAsync());
        Assert.Equal(["m0", "m1"], Loaded(gateway));
        Assert.False(gateway.Loader.Loads.ContainsKey("m2"));
        Assert.True(gateway.Loader.PeakBytes <= Budget);
        Assert.DoesNotContain(gateway.App.Services.GetRequiredService<GatewayEventLog>().Latest(GatewayEventLog.Capacity), e => e.Kind == GatewayEventKinds.Prefetch);
    }

    [Fact]
    public async Task Nodes_dying_and_joining_keep_the_policy_deciding_with_the_live_copies()
    {
        var (time, cluster, gateway) = await StartAsync();
        await using var _ = gateway;
        await ServeAsync(gateway, time, 0, "m0");
        await ServeAsync(gateway, time, 1, "m1");

        // Peer b holds m0 too and its users ask for m0; then b dies while peer c (holding nothing) lives: this edge has
        // the last copy, and a live peer its copy may serve.
        cluster.SetPeer("c", alive: true);
        cluster.SetPeer("b", alive: true, "m0");
        cluster.AddRequests("b", "m0", 5);
        await TickAsync(gateway, time, Period);
        cluster.AddRequests("b", "m0", 5);
        cluster.SetPeer("b", alive: false, "m0");
        await TickAsync(gateway, time, 2 * Period);
        Assert.Equal([true], await ServeAsync(gateway, time, 21, "m2"));
        Assert.Equal(["m0", "m2"], Loaded(gateway));

        // More nodes than the view has slots come and go; b leaves the directory; the policy keeps deciding.
        cluster.Drop("b");
        for (var i = 0; i < EdgeClusterView.Slots + 8; i++)
        {
            cluster.SetPeer($"n{i}", alive: true);
            cluster.AddRequests($"n{i}", "m1", 1);
            await ServeAsync(gateway, time, 22 + (i * 0.01), "m2");
            cluster.SetPeer($"n{i}", alive: false);
        }

        // A node that now holds m0 makes this edge's copy evictable again: LRU evicts it for m1.
        cluster.SetPeer("c", alive: true, "m0");
        Assert.Equal([true], await ServeAsync(gateway, time, 23, "m1"));
        Assert.Equal(["m1", "m2"], Loaded(gateway));
    }

    /// <summary>
    /// m0 and m1 loaded and pinned; demand for m2 at this edge: 1 request in the first period, 3 in the second. Nothing
    /// can be evicted, so those requests are refused (no cloud here), but counted.
    /// </summary>
    private static async Task RiseBehindPinsAsync(TestGateway gateway, FakeTimeProvider time)
    {
        await ServeAsync(gateway, time, 0, "m0", "m1");
        Assert.True(gateway.Cache.Pin("m0") && gateway.Cache.Pin("m1"));
        await ServeAsync(gateway, time, 1, "m2");
        await TickAsync(gateway, time, Period);
        await ServeAsync(gateway, time, 11, "m2", "m2", "m2");
    }

    private static async Task<string[]> LoadedAfterPressureAsync(bool cooperative)
    {
        var (time, cluster, gateway) = await StartAsync(cooperative);
        await using var _ = gateway;
        cluster.SetPeer("b", alive: true);
        await ServeAsync(gateway, time, 0, "m0");
        await ServeAsync(gateway, time, 1, "m1");

        // Peer b's users ask for m0 (5 per period, served by the cloud there); nobody asks for m1 in the second period.
        cluster.AddRequests("b", "m0", 5);
        await TickAsync(gateway, time, Period);
        cluster.AddRequests("b", "m0", 5);
        await TickAsync(gateway, time, 2 * Period);
        Assert.Equal([true], await ServeAsync(gateway, time, 21, "m2"));
        Assert.Equal(cooperative ? "Coop-LRU" : "LRU", gateway.App.Services.GetRequiredService<RequestPlanner>().PolicyName);
        return Loaded(gateway);
    }

    private static async Task<string[]> LoadedWithOwnDemandAsync(bool peerAlive)
    {
        var (time, cluster, gateway) = await StartAsync();
        await using var _ = gateway;
        cluster.SetPeer("b", alive: peerAlive, "m1");
        await ServeAsync(gateway, time, 0, "m0", "m0", "m0");
        await ServeAsync(gateway, time, 1, "m1");
        await TickAsync(gateway, time, Period);
        await ServeAsync(gateway, time, 11, "m0", "m0", "m0");
        await ServeAsync(gateway, time, 12, "m1");
        await TickAsync(gateway, time, 2 * Period);
        Assert.Equal([true], await ServeAsync(gateway, time, 21, "m2"));
        return Loaded(gateway);
    }

    private static async Task<(FakeTimeProvider Time, FakeEdgeCluster Cluster, TestGateway Gateway)> StartAsync(bool cooperative = true)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero));
        var cluster = new FakeEdgeCluster("a");
        var gateway = await TestGateway.StartAsync(
            models: 3,
            loader: new FakeModelLoader { BytesPerModel = 300, LoadDelay = TimeSpan.Zero },
            configure: o => o with
            {
                MemoryBudgetBytes = Budget,
                Policy = CachePolicyNames.LRU,
                RoomWait = TimeSpan.Zero,
                Cluster = o.Cluster with { Address = "localhost", Node = "a", Cooperative = cooperative, Cooperation = new CooperativePolicyOptions { PeriodSeconds = Period } },
            },
            time: time,
            cluster: cluster);
        return (time, cluster, gateway);
    }

    /// <summary>Sends a request for each model at <paramref name="at"/> seconds; for each served, whether it loaded its model (refused ones are left out).</summary>
    private static async Task<List<bool>> ServeAsync(TestGateway gateway, FakeTimeProvider time, double at, params string[] models)
    {
        SetTime(time, at);
        var loads = new List<bool>();
        foreach (var model in models)
        {
            try
            {
                await using var run = await gateway.Executor.StartAsync(Request(model, time), CancellationToken.None);
                loads.Add(run.Destination.Load);
                while (await run.Stream.MoveNextAsync())
                {
                }
            }
            catch (ApiException ex) when (ex.StatusCode == 503)
            {
                // No cloud and no room: refused, but counted as demand here.
            }

            await WaitUntilAsync(() => gateway.Cache.Snapshot().All(m => m.State != ModelState.Loading && m.InFlight == 0));
        }

        return loads;
    }

    /// <summary>Moves the clock to <paramref name="at"/> seconds (a period boundary) and lets the prefetcher's round finish.</summary>
    private static async Task TickAsync(TestGateway gateway, FakeTimeProvider time, double at)
    {
        SetTime(time, at);

        // The timer's round runs on the thread pool; a round of our own after it finds nothing more to do (one model
        // per round), and waits for any load it started.
        if (Prefetcher(gateway) is { } prefetcher)
        {
            await prefetcher.RunOnceAsync();
        }

        await WaitUntilAsync(() => gateway.Cache.Snapshot().All(m => m.State != ModelState.Loading));
    }

    private static void SetTime(FakeTimeProvider time, double seconds)
    {
        var target = new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero) + TimeSpan.FromSeconds(seconds);
        if (target > time.GetUtcNow())
        {
            time.SetUtcNow(target);
        }
    }

    private static ClusterPrefetcher? Prefetcher(TestGateway gateway) =>
        gateway.App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ClusterPrefetcher>().SingleOrDefault();

    private static string[] Loaded(TestGateway gateway) =>
        [.. gateway.Cache.Snapshot().Where(m => m.State == ModelState.Loaded).Select(m => m.Id).Order(StringComparer.Ordinal)];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 2000 && !condition(); i++)
        {
            await Task.Delay(5);
        }

        Assert.True(condition(), "the gateway did not settle within 10 s");
    }

    private static GenerationRequest Request(string model, TimeProvider time) =>
        new(EndpointKind.Chat, model, [new ChatMessage(ChatRole.User, "hello")], new ChatOptions { ModelId = model, MaxOutputTokens = 2 }, Stream: false, IncludeUsage: false, PromptChars: 5, User: null)
        {
            ReceivedTimestamp = time.GetTimestamp(),
        };
}
