using System.Diagnostics;
using System.Net;
using System.Text.Json;
using EdgeFM.Gateway.Configuration;
using EdgeFM.Gateway.Tests.Support;

namespace EdgeFM.Gateway.Tests.Api;

/// <summary>How the in-process gateway answers each cloud fault of a fake cloud on loopback (short real time limits).</summary>
public sealed class CloudFaultApiTests
{
    private const string CloudOnly = """{"model":"big","messages":[{"role":"user","content":"hi"}]}""";
    private const string CloudOnlyStreamed = """{"model":"big","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true}}""";

    [Fact]
    public async Task A_silent_cloud_costs_the_first_byte_limit_then_503_and_is_counted()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.HangAfterAccept);
        await using var gateway = await TestGateway.StartAsync(configure: o => Fast(o, cloud) with { CloudTimeout = TimeSpan.FromMilliseconds(200), CloudFirstByteTimeout = TimeSpan.FromMilliseconds(500) });

        var clock = Stopwatch.StartNew();
        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", CloudOnly);

        await response.AssertErrorAsync(503, "service_unavailable");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        // How many 200 ms attempts fit in the 500 ms limit depends on how fast this machine connects; the exact count
        // is tested on a fake clock (Cloud/CloudLinkFaultTests). Here: bounded time, a 503, and the request counted.
        Assert.InRange(cloud.Hits, 1, 3);
        var metrics = await gateway.Client.GetStringAsync("/metrics");
        Assert.Contains("edgefm_requests_total{endpoint=\"chat\",placement=\"none\",status=\"503\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("edgefm_cloud_attempts_total{result=\"timeout\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hanging_cloud_requests_never_hold_the_edge_queue()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.HangAfterAccept);
        await using var gateway = await TestGateway.StartAsync(configure: o => Fast(o, cloud) with
        {
            MaxQueueTotal = 2, MaxQueuePerModel = 2, MaxCloudInFlight = 3,
            CloudTimeout = TimeSpan.FromMinutes(1), CloudFirstByteTimeout = TimeSpan.FromMinutes(1),
        });
        using var hang = new CancellationTokenSource();
        var hanging = new List<Task<HttpResponseMessage>>();
        for (var n = 1; n <= 3; n++)
        {
            // One at a time: each is in the cloud, and out of the gateway's room, before the next arrives.
            hanging.Add(Post(gateway.Client, CloudOnly, hang.Token));
            for (var i = 0; i < 500 && cloud.Hits < n; i++)
            {
                await Task.Delay(10);
            }

            Assert.Equal(n, cloud.Hits);
        }


        // Three requests wait on the cloud, more than the gateway's whole room of 2, and an edge request is still served.
        using var edge = await gateway.Client.PostJsonAsync("/v1/chat/completions", """{"model":"m0","messages":[{"role":"user","content":"hi"}],"max_tokens":2}""");
        Assert.Equal(HttpStatusCode.OK, edge.StatusCode);
        Assert.Equal("edge", edge.Headers.GetValues("x-edgefm-placement").Single());

        // The cloud's own limit is full: a fourth cloud request is refused at once, without a call.
        using var fourth = await gateway.Client.PostJsonAsync("/v1/chat/completions", CloudOnly);
        await fourth.AssertErrorAsync(503, "service_unavailable");
        Assert.Equal(3, cloud.Hits);

        await hang.CancelAsync();
        foreach (var request in hanging)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        }
    }

    [Theory]
    [InlineData(CloudBehaviour.HangAfterFirstChunk, 504, "cloud_stalled")]
    [InlineData(CloudBehaviour.BreakMidEvent, 502, "cloud_stream_broken")]
    public async Task A_cloud_answer_cut_short_is_an_error_never_a_complete_answer(CloudBehaviour behaviour, int status, string code)
    {
        await using var cloud = await FakeCloudServer.StartAsync(behaviour);
        await using var gateway = await TestGateway.StartAsync(configure: o => Fast(o, cloud) with { CloudIdleTimeout = TimeSpan.FromMilliseconds(300) });

        using var whole = await gateway.Client.PostJsonAsync("/v1/chat/completions", CloudOnly);
        await whole.AssertErrorAsync(status, code);

        using var streamed = await gateway.Client.PostJsonAsync("/v1/chat/completions", CloudOnlyStreamed);
        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        AssertEndsWithError(await streamed.Content.ReadAsStringAsync(), code);

        var metrics = await gateway.Client.GetStringAsync("/metrics");
        Assert.Contains($"edgefm_requests_total{{endpoint=\"chat\",placement=\"cloud\",status=\"{status}\"}} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("edgefm_cloud_circuit_open 0", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_200_that_is_not_a_completion_is_502_never_an_empty_answer(bool stream)
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.NotJson);
        await using var gateway = await TestGateway.StartAsync(configure: o => Fast(o, cloud));

        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", stream ? CloudOnlyStreamed : CloudOnly);

        await response.AssertErrorAsync(502, "cloud_bad_response");
        Assert.False(response.Headers.Contains("Retry-After"));
        Assert.Equal(1, cloud.Hits);
        Assert.Contains("edgefm_requests_total{endpoint=\"chat\",placement=\"none\",status=\"502\"} 1", await gateway.Client.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, false)]
    [InlineData(400, true)]
    public async Task A_cloud_refusal_passes_through_with_its_status_and_error_and_leaves_the_breaker_alone(int status, bool stream)
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.Rejects);
        cloud.RejectStatus = status;
        await using var gateway = await TestGateway.StartAsync(configure: o => Fast(o, cloud));

        for (var i = 0; i < 6; i++)
        {
            using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", stream ? CloudOnlyStreamed : CloudOnly);
            await response.AssertErrorAsync(status, "model_not_found", "model");
            var error = (await response.JsonAsync()).GetProperty("error");
            Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
            Assert.StartsWith("The model `big` does not exist", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.False(response.Headers.Contains("Retry-After"));
        }

        Assert.Equal(6, cloud.Hits);
        var metrics = await gateway.Client.GetStringAsync("/metrics");
        Assert.Contains($"edgefm_requests_total{{endpoint=\"chat\",placement=\"none\",status=\"{status}\"}} 6", metrics, StringComparison.Ordinal);
        Assert.Contains("edgefm_cloud_circuit_open 0", metrics, StringComparison.Ordinal);

        cloud.Behaviour = CloudBehaviour.Healthy;
        using var healthy = await gateway.Client.PostJsonAsync("/v1/chat/completions", CloudOnly);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    [Fact]
    public async Task One_clients_bad_input_never_reaches_the_cloud_or_its_breaker()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.Healthy);
        await using var gateway = await TestGateway.StartAsync(configure: o => Fast(o, cloud));
        string[] bad =
        [
            """{"model":"big","messages":[{"role":"user","content":"hi"}],"stop":""}""",
            """{"model":"big","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f"}}]}""",
            """{"model":"big","messages":[{"role":"user","content":"hi"}],"logprobs":true}""",
            """{"model":"big","messages":[{"role":"user","content":"hi"}],"top_p":-1}""",
        ];

        for (var round = 0; round < 3; round++)
        {
            foreach (var body in bad)
            {
                using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", body);
                await response.AssertErrorAsync(400);
            }
        }

        Assert.Equal(0, cloud.Hits);
        using var good = await gateway.Client.PostJsonAsync("/v1/chat/completions", """{"model":"big","messages":[{"role":"user","content":"hi"}],"top_p":0}""");
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Contains("edgefm_cloud_circuit_open 0", await gateway.Client.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    /// <summary>Asserts an SSE body holds content, then one error event with <paramref name="code"/>, and nothing claiming completion.</summary>
    internal static void AssertEndsWithError(string body, string code)
    {
        var (events, done) = Sse.Parse(body);
        Assert.False(done, "an incomplete answer ended with data: [DONE]");
        Assert.True(events.Count >= 2, body);
        Assert.Equal("cloud", events[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString());
        var error = events[^1].GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.All(events.SkipLast(1), e =>
        {
            Assert.Equal(JsonValueKind.Null, e.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind);
            Assert.True(!e.TryGetProperty("usage", out var usage) || usage.ValueKind == JsonValueKind.Null, "a usage chunk was sent");
        });
    }

    private static GatewayOptions Fast(GatewayOptions options, FakeCloudServer cloud) => options with
    {
        CloudUrl = cloud.BaseUrl,
        CloudRetryDelay = TimeSpan.FromMilliseconds(10),
        CloudBreakDuration = TimeSpan.FromMinutes(5),
    };

    private static async Task<HttpResponseMessage> Post(HttpClient client, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        return await client.SendAsync(request, cancellationToken);
    }
}
