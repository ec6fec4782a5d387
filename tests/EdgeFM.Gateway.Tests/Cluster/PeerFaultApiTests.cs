using System.Net;
using EdgeFM.Gateway.Tests.Api;
using EdgeFM.Gateway.Tests.Support;

namespace EdgeFM.Gateway.Tests.Cluster;

/// <summary>
/// A clustered gateway facing hostile peers: this edge's budget holds one model, m0, pinned; peer b holds m1 and is a
/// fake OpenAI-compatible server on loopback that hangs, fails, lies or stops mid-answer; a healthy fake cloud is the
/// fallback. Before a peer's first chunk a fault costs a re-plan (the client sees a normal answer from elsewhere and the
/// peer is left out); after it, the answer ends as an error, never as a complete-looking answer.
/// </summary>
public sealed class PeerFaultApiTests
{
    private const string M1 = """{"model":"m1","messages":[{"role":"user","content":"hi"}]}""";
    private const string M1Streamed = """{"model":"m1","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true}}""";

    [Fact]
    public async Task A_healthy_peer_serves_a_model_this_edge_has_no_room_for()
    {
        await using var setup = await Setup.StartAsync(CloudBehaviour.Healthy);

        using var response = await setup.Gateway.Client.PostJsonAsync("/v1/chat/completions", M1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("peer:b", Placement(response));
        Assert.Equal("cloud says hi", (await response.JsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal((1, 0), (setup.Peer.Hits, setup.Cloud.Hits));

        // The planner's directory lookups are counted on /metrics, beside their time quantiles.
        var metrics = await setup.Gateway.Client.GetStringAsync("/metrics");
        Assert.Contains($"edgefm_cluster_lookups_total {setup.Cluster.LookupTimes().Count}\n", metrics, StringComparison.Ordinal);
        Assert.True(setup.Cluster.LookupTimes().Count >= 1);
        Assert.Contains("edgefm_cluster_lookup_seconds{quantile=\"0.99\"}", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CloudBehaviour.HangAfterAccept)]
    [InlineData(CloudBehaviour.Failing)]
    [InlineData(CloudBehaviour.NotJson)]
    public async Task A_peer_that_fails_before_its_first_chunk_is_left_out_and_the_request_is_served_elsewhere(CloudBehaviour behaviour)
    {
        await using var setup = await Setup.StartAsync(behaviour);

        using var first = await setup.Gateway.Client.PostJsonAsync("/v1/chat/completions", M1);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("cloud", Placement(first));
        Assert.Equal(["b"], setup.Cluster.Unreachable);
        var peerHits = setup.Peer.Hits;
        Assert.True(peerHits >= 1);

        // Left out: the next request is not sent to b at all.
        using var second = await setup.Gateway.Client.PostJsonAsync("/v1/chat/completions", M1Streamed);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("cloud", Placement(second));
        Assert.True(Sse.Parse(await second.Content.ReadAsStringAsync()).Done);
        Assert.Equal(peerHits, setup.Peer.Hits);
        Assert.Equal(2, setup.Cloud.Hits);
    }

    [Fact]
    public async Task A_peer_that_refuses_connections_is_left_out_and_the_request_is_served_elsewhere()
    {
        await using var setup = await Setup.StartAsync(CloudBehaviour.Healthy);
        setup.Cluster.SetEndpoint("b", new Uri($"http://127.0.0.1:{ClosedPort()}/"));

        using var response = await setup.Gateway.Client.PostJsonAsync("/v1/chat/completions", M1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("cloud", Placement(response));
        Assert.Equal(["b"], setup.Cluster.Unreachable);
    }

    [Theory]
    [InlineData(CloudBehaviour.HangAfterFirstChunk, 504, "cloud_stalled")]
    [InlineData(CloudBehaviour.BreakMidEvent, 502, "cloud_stream_broken")]
    public async Task A_peer_that_stops_mid_answer_ends_it_as_an_error_never_a_complete_answer(CloudBehaviour behaviour, int status, string code)
    {
        await using var setup = await Setup.StartAsync(behaviour);

        using var whole = await setup.Gateway.Client.PostJsonAsync("/v1/chat/completions", M1);
        await whole.AssertErrorAsync(status, code);

        using var streamed = await setup.Gateway.Client.PostJsonAsync("/v1/chat/completions", M1Streamed);
        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.Equal("peer:b", Placement(streamed));
        CloudFaultApiTests.AssertEndsWithError(await streamed.Content.ReadAsStringAsync(), code);

        // The answer had started, so nothing was re-planned: the cloud was never asked.
        Assert.Equal(0, setup.Cloud.Hits);
    }

    private static string? Placement(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-edgefm-placement", out var values) ? values.Single() : null;

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Setup : IAsyncDisposable
    {
        public required FakeCloudServer Peer { get; init; }

        public required FakeCloudServer Cloud { get; init; }

        public required FakeEdgeCluster Cluster { get; init; }

        public required TestGateway Gateway { get; init; }

        public static async Task<Setup> StartAsync(CloudBehaviour peerBehaviour)
        {
            var peer = await FakeCloudServer.StartAsync(peerBehaviour);
            var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.Healthy);
            var cluster = new FakeEdgeCluster("a");
            cluster.SetPeer("b", alive: true, "m1");
            cluster.SetEndpoint("b", new Uri(peer.BaseUrl, "/"));
            var gateway = await TestGateway.StartAsync(
                models: 2,
                loader: new FakeModelLoader { BytesPerModel = 600 },
                configure: o => o with
                {
                    MemoryBudgetBytes = 1000,

                    // A far cloud (5 s a round trip), so the peer's hop is the cheaper way.
                    Placement = o.Placement with { CloudLatencySeconds = 5 },
                    CloudUrl = cloud.BaseUrl,
                    CloudRetryDelay = TimeSpan.FromMilliseconds(10),
                    CloudBreakDuration = TimeSpan.FromMinutes(5),
                    // Short limits only where the fault is silence: elsewhere a loaded machine's slow first answer
                    // (a fresh server's JIT) must not pass for a fault.
                    CloudTimeout = peerBehaviour == CloudBehaviour.HangAfterAccept ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(30),
                    CloudIdleTimeout = peerBehaviour == CloudBehaviour.HangAfterFirstChunk ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(30),
                    Cluster = o.Cluster with { Address = "localhost", Node = "a" },
                },
                cluster: cluster);
            using (var m0 = await gateway.Client.PostJsonAsync("/v1/chat/completions", """{"model":"m0","messages":[{"role":"user","content":"hi"}],"max_tokens":2}"""))
            {
                Assert.Equal("edge", Placement(m0));
            }

            Assert.True(gateway.Cache.Pin("m0"));
            return new Setup { Peer = peer, Cloud = cloud, Cluster = cluster, Gateway = gateway };
        }

        public async ValueTask DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Peer.DisposeAsync();
            await Cloud.DisposeAsync();
        }
    }
}
