using System.Net;
using EdgeFM.Gateway.Placing;
using EdgeFM.Gateway.Tests.Support;

namespace EdgeFM.Gateway.Tests.Cloud;

public sealed class CloudLinkTests
{
    private const string LocalButLong = """{"model":"m0","messages":[{"role":"user","content":"a very long prompt that does not fit the small edge context of this gateway at all"}],"max_tokens":4}""";

    [Fact]
    public async Task A_model_only_the_cloud_has_runs_in_the_cloud_and_says_so()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.Healthy);
        await using var gateway = await TestGateway.StartAsync(configure: o => o with { CloudUrl = cloud.BaseUrl });

        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", """{"model":"big","messages":[{"role":"user","content":"hi"}]}""");
        var json = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("cloud", response.Headers.GetValues("x-edgefm-placement").Single());
        Assert.Equal("cloud says hi", json.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(3, json.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal("cloud", json.GetProperty("edgefm").GetProperty("placement").GetString());
        Assert.Null(json.GetProperty("edgefm").GetProperty("cache").GetString());
    }

    [Fact]
    public async Task A_prompt_too_long_for_the_edge_goes_to_the_cloud_streaming()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.Healthy);
        await using var gateway = await TestGateway.StartAsync(configure: o => o with { CloudUrl = cloud.BaseUrl, ContextLength = 16 });

        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", LocalButLong.Replace("}],", "}],\"stream\":true,", StringComparison.Ordinal));
        var (events, done) = Sse.Parse(await response.Content.ReadAsStringAsync());

        Assert.True(done);
        Assert.Equal("cloud", response.Headers.GetValues("x-edgefm-placement").Single());
        Assert.All(events, e => Assert.Equal("cloud", e.GetProperty("edgefm").GetProperty("placement").GetString()));
    }

    [Theory]
    [InlineData(CloudBehaviour.Failing)]
    [InlineData(CloudBehaviour.Slow)]
    public async Task When_the_cloud_fails_a_local_model_serves_and_the_response_says_so(CloudBehaviour behaviour)
    {
        await using var cloud = await FakeCloudServer.StartAsync(behaviour);
        await using var gateway = await TestGateway.StartAsync(configure: o => o with
        {
            CloudUrl = cloud.BaseUrl, ContextLength = 16, CloudRetries = 2, CloudRetryDelay = TimeSpan.FromMilliseconds(10), CloudTimeout = TimeSpan.FromMilliseconds(300),
        });

        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", LocalButLong);
        var json = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("edge", response.Headers.GetValues("x-edgefm-placement").Single());
        Assert.True(json.GetProperty("edgefm").GetProperty("fallback").GetBoolean());
        Assert.Equal(3, cloud.Hits);
    }

    [Theory]
    [InlineData("Cost", "cloud", "cloud is cheaper")]
    [InlineData("EdgeFirst", "edge", "edge model")]
    public async Task The_placement_policy_weighs_a_cheap_fast_cloud_against_the_edge(string policy, string placement, string reason)
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.Healthy);
        await using var gateway = await TestGateway.StartAsync(configure: o => o with
        {
            CloudUrl = cloud.BaseUrl, Placement = new PlacementSettings { Policy = policy, CloudPricePerRequest = 0, CloudLatencySeconds = 0.01 },
        });

        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", """{"model":"m0","messages":[{"role":"user","content":"hi"}],"max_tokens":2}""");
        var json = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(placement, response.Headers.GetValues("x-edgefm-placement").Single());
        Assert.Equal(reason, json.GetProperty("edgefm").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task When_the_cloud_is_down_and_no_edge_model_can_serve_the_answer_is_503()
    {
        var closedPort = new Uri($"http://127.0.0.1:{FreePort()}/v1");
        await using var gateway = await TestGateway.StartAsync(configure: o => o with { CloudUrl = closedPort, CloudRetries = 1, CloudRetryDelay = TimeSpan.FromMilliseconds(10) });

        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", """{"model":"big","messages":[{"role":"user","content":"hi"}]}""");

        await response.AssertErrorAsync(503, "service_unavailable");
        Assert.True(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Repeated_failures_open_the_circuit_and_the_cloud_is_no_longer_tried()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.Failing);
        await using var gateway = await TestGateway.StartAsync(configure: o => o with
        {
            CloudUrl = cloud.BaseUrl, CloudRetries = 0, CloudBreakDuration = TimeSpan.FromMinutes(5),
        });
        const string body = """{"model":"big","messages":[{"role":"user","content":"hi"}]}""";
        for (var i = 0; i < 6; i++)
        {
            (await gateway.Client.PostJsonAsync("/v1/chat/completions", body)).Dispose();
        }

        var hitsWhenOpen = cloud.Hits;
        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", body);

        await response.AssertErrorAsync(503, "service_unavailable");
        Assert.Equal(hitsWhenOpen, cloud.Hits);
        Assert.True(hitsWhenOpen < 6, $"the circuit never opened ({hitsWhenOpen} hits)");
        var metrics = await gateway.Client.GetStringAsync("/metrics");
        Assert.Contains("edgefm_cloud_circuit_open 1", metrics, StringComparison.Ordinal);

        // With the circuit open, a local model is served at the edge without trying the cloud.
        using var local = await gateway.Client.PostJsonAsync("/v1/chat/completions", """{"model":"m0","messages":[{"role":"user","content":"hi"}],"max_tokens":2}""");
        Assert.Equal("edge", local.Headers.GetValues("x-edgefm-placement").Single());
        Assert.Equal(hitsWhenOpen, cloud.Hits);
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
