using EdgeFM.Gateway.Tests.Support;
using static EdgeFM.Gateway.Tests.Cluster.ClusterProcesses;

namespace EdgeFM.Gateway.Tests.Cluster;

/// <summary>
/// Orleans' Redis clustering with real processes: Debian's <c>redis-server</c> holds the membership table, and three
/// <c>edgefm serve --cluster redis://127.0.0.1:PORT</c> edges, started together (no node is primary), and a cloud
/// gateway run on loopback.
/// </summary>
[Collection(nameof(ClusterProcessTests))]
public sealed class RedisClusterProcessTests
{
    [RedisFact]
    public async Task Three_edges_on_redis_form_one_cluster_serve_each_others_models_and_drop_a_killed_edge()
    {
        await using var redis = await RedisServer.StartAsync();
        using var models = CopyModels();
        await using var cloud = await StartCloudAsync(models);
        string[] Edge(string node) => ClusterProcesses.Edge(models, cloud, redis.ClusterAddress, node, Cloud.CloudLinkTests.FreePort());

        var startA = ServeProcess.StartAsync(Edge("a"));
        var startB = ServeProcess.StartAsync(Edge("b"));
        var startC = ServeProcess.StartAsync(Edge("c"));
        await using var a = await startA;
        await using var b = await startB;
        await using var c = await startC;
        var nodes = new[] { (Name: "a", Process: a), (Name: "b", Process: b), (Name: "c", Process: c) };
        using var http = Client();

        // One cluster: every node's directory lists all three as alive.
        foreach (var (name, process) in nodes)
        {
            await WaitUntilAsync(async () => (await DirectoryAsync(http, process.BaseUrl)).Count == 3, $"{name} sees three live edges");
        }

        // Each edge loads one model; then each asks for the next edge's model, which that peer serves.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal((200, "edge"), await SendAsync(http, nodes[i].Process.BaseUrl, Models[i]));
        }

        await WaitUntilAsync(async () => await DirectoryAgreesAsync(http, nodes), "the directory agrees with every /v1/edge/cache");
        for (var i = 0; i < 3; i++)
        {
            var peer = nodes[(i + 1) % 3];
            Assert.Equal((200, "peer:" + peer.Name), await SendAsync(http, nodes[i].Process.BaseUrl, Models[(i + 1) % 3]));
        }

        // Each forwarding edge looked the holder up in its local copy of the directory, and says how long that took.
        foreach (var (name, process) in nodes)
        {
            var lookups = (await JsonAsync(http, new Uri(process.BaseUrl, "/v1/edge/cluster"))).GetProperty("lookups");
            Assert.True(lookups.GetProperty("count").GetInt64() >= 1, name);
            Assert.InRange(lookups.GetProperty("p50_us").GetDouble(), double.Epsilon, lookups.GetProperty("p99_us").GetDouble());
            Assert.Contains("edgefm_cluster_lookup_seconds{quantile=\"0.5\"}", await http.GetStringAsync(new Uri(process.BaseUrl, "/metrics")), StringComparison.Ordinal);
        }

        // A killed edge (no goodbye) is declared dead through Redis and leaves the directory; its model is served elsewhere
        // (the cloud: the cooperative policy keeps a's and b's models, now the cluster's only copies).
        await c.KillAsync();
        await WaitUntilAsync(async () => !(await DirectoryAsync(http, a.BaseUrl)).ContainsKey("c") && !(await DirectoryAsync(http, b.BaseUrl)).ContainsKey("c"), "c leaves the directory");
        foreach (var node in new[] { a, b })
        {
            var after = await SendAsync(http, node.BaseUrl, "m2");
            Assert.Equal(200, after.Status);
            Assert.NotEqual("peer:c", after.Placement);
        }
    }

    [Fact]
    public async Task A_node_whose_redis_does_not_answer_stops_with_one_line_and_exit_code_2()
    {
        using var models = CopyModels();
        var closed = Cloud.CloudLinkTests.FreePort();

        var (exitCode, stdout, stderr) = await ServeProcess.RunToExitAsync(
            "--models", models.Path, "--urls", $"http://127.0.0.1:{Cloud.CloudLinkTests.FreePort()}",
            "--cluster", $"redis://127.0.0.1:{closed}", "--node", "a", "--silo-port", Cloud.CloudLinkTests.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(2, exitCode);
        Assert.Equal(
            $"edgefm: --cluster: cannot use Redis at 127.0.0.1:{closed} (UnableToConnect; waited at most 5 s): start redis-server there, or check the host, port, firewall and password (redis://HOST:PORT,password=SECRET).",
            stderr.Trim());
        Assert.DoesNotContain("   at ", stdout, StringComparison.Ordinal);
    }
}
