using System.Collections.Concurrent;
using EdgeFM.Gateway.Tests.Support;
using static EdgeFM.Gateway.Tests.Cluster.ClusterProcesses;

namespace EdgeFM.Gateway.Tests.Cluster;

/// <summary>
/// Three real <c>edgefm serve --cluster localhost:PORT</c> processes on loopback (Orleans silos in the gateways) and a
/// cloud gateway, serving three models (stories260K under three names) under a budget that holds one model per edge.
/// </summary>
[Collection(nameof(ClusterProcessTests))]
public sealed class ClusterProcessTests
{
    [Fact]
    public async Task Three_edges_answer_every_request_within_budget_the_directory_agrees_and_a_killed_edge_loses_only_its_own_requests()
    {
        using var models = CopyModels();
        await using var cloud = await StartCloudAsync(models);
        var primary = Cloud.CloudLinkTests.FreePort();
        string[] Edge(string node, int siloPort) => ClusterProcesses.Edge(models, cloud, $"localhost:{primary}", node, siloPort);

        await using var a = await ServeProcess.StartAsync(Edge("a", primary));
        var startB = ServeProcess.StartAsync(Edge("b", Cloud.CloudLinkTests.FreePort()));
        var startC = ServeProcess.StartAsync(Edge("c", Cloud.CloudLinkTests.FreePort()));
        await using var b = await startB;
        await using var c = await startC;
        var nodes = new[] { (Name: "a", Process: a), (Name: "b", Process: b), (Name: "c", Process: c) };
        using var http = Client();

        // Each edge loads one model first, so the cluster holds all three.
        for (var i = 0; i < 3; i++)
        {
            var first = await SendAsync(http, nodes[i].Process.BaseUrl, Models[i]);
            Assert.Equal((200, "edge"), first);
        }

        await WaitUntilAsync(async () => (await DirectoryAsync(http, a.BaseUrl)).Count(m => m.Value.Count > 0) == 3, "the directory lists every edge's model");

        // A load over all three models at all three edges: every request is answered.
        var results = new ConcurrentBag<(int Status, string Placement)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 36), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (i, _) =>
            results.Add(await SendAsync(http, nodes[i % 3].Process.BaseUrl, Models[(i / 3) % 3])));
        Assert.All(results, r => Assert.Equal(200, r.Status));
        Assert.Contains(results, r => r.Placement.StartsWith("peer:", StringComparison.Ordinal));

        // No edge's budget is exceeded, and once the load stops the directory agrees with each edge's own cache.
        foreach (var (name, process) in nodes)
        {
            var cache = await JsonAsync(http, new Uri(process.BaseUrl, "/v1/edge/cache"));
            Assert.True(cache.GetProperty("used_bytes").GetInt64() <= cache.GetProperty("budget_bytes").GetInt64(), name);

            // In a cluster --policy LRU decides as Core's cooperative variant, whose forecasts the node lists.
            Assert.Equal("Coop-LRU", cache.GetProperty("policy").GetString());
            var demand = (await JsonAsync(http, new Uri(process.BaseUrl, "/v1/edge/cluster"))).GetProperty("demand");
            Assert.Equal(3, demand.GetArrayLength());
        }

        await WaitUntilAsync(async () => await DirectoryAgreesAsync(http, nodes), "the directory agrees with every /v1/edge/cache");

        // Kill c mid-load (requests go to a and b). Only requests that had reached c may fail, and they fail as errors;
        // once membership declares c dead, nothing is planned to it.
        var second = new ConcurrentBag<(int Status, string Placement)>();
        var load = Parallel.ForEachAsync(Enumerable.Range(0, 60), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            second.Add(await SendAsync(http, nodes[i % 2].Process.BaseUrl, Models[i % 3])));
        await Task.Delay(300);
        await c.DisposeAsync();
        await load;
        Assert.Equal(60, second.Count);
        Assert.All(second.Where(r => r.Status != 200), r => Assert.Equal("peer:c", r.Placement));
        await WaitUntilAsync(async () => !(await DirectoryAsync(http, a.BaseUrl)).ContainsKey("c") && !(await DirectoryAsync(http, b.BaseUrl)).ContainsKey("c"), "c leaves the directory");
        for (var i = 0; i < 6; i++)
        {
            var after = await SendAsync(http, nodes[i % 2].Process.BaseUrl, "m2");
            Assert.Equal(200, after.Status);
            Assert.NotEqual("peer:c", after.Placement);
        }
    }
}
