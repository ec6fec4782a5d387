using EdgeFM.Gateway.Admission;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Cloud;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace EdgeFM.Gateway.Tests.Cloud;

/// <summary>The cloud link (adapter, checks, Polly) against a fake cloud on loopback, on a fake clock.</summary>
public sealed class CloudLinkFaultTests
{
    private static readonly CloudLinkSettings Settings = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(5),
        FirstByteTimeout = TimeSpan.FromSeconds(10),
        IdleTimeout = TimeSpan.FromSeconds(30),
        Retries = 2,
        RetryDelay = TimeSpan.FromMilliseconds(200),
        BreakDuration = TimeSpan.FromMinutes(5),
    };

    private static readonly ChatMessage[] Hi = [new(ChatRole.User, "hi")];

    [Fact]
    public async Task A_silent_cloud_fails_within_the_first_byte_limit_and_counts_for_the_breaker()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.HangAfterAccept);
        var time = new FakeTimeProvider();
        using var link = Link(cloud, time, out var metrics);

        for (var call = 0; call < 2; call++)
        {
            var started = time.GetUtcNow();
            var hits = cloud.Hits;
            var response = link.GetResponseAsync(Hi, new ChatOptions { ModelId = "big" });
            await WaitUntilAsync(() => cloud.Hits == hits + 1);

            // The first attempt times out; after the retry delay the second reaches the cloud.
            time.Advance(Settings.AttemptTimeout);
            for (var i = 0; i < 100 && cloud.Hits < hits + 2; i++)
            {
                await Task.Delay(10);
                time.Advance(TimeSpan.FromMilliseconds(50));
            }

            Assert.Equal(hits + 2, cloud.Hits);
            Assert.False(response.IsCompleted);

            // The second attempt is cut by the first-byte limit, 10 s after the call.
            time.Advance(started + Settings.FirstByteTimeout - time.GetUtcNow());
            var ex = await Assert.ThrowsAsync<CloudUnavailableException>(() => response.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("first chunk", ex.Message, StringComparison.Ordinal);
            Assert.Equal(Settings.FirstByteTimeout, time.GetUtcNow() - started);
        }

        // Two attempts per call (5 s each, the second cut by the 10 s limit), all timed out: the circuit opens.
        Assert.True(cloud.Hits >= 4, $"{cloud.Hits} attempts");
        Assert.Equal(CircuitState.Open, link.CircuitState);
        Assert.Contains("edgefm_cloud_attempts_total{result=\"timeout\"} 4", metrics.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cloud_that_stalls_after_its_first_chunk_ends_the_stream_with_a_stall_after_the_idle_limit()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.HangAfterFirstChunk);
        var time = new FakeTimeProvider();
        using var link = Link(cloud, time, out _);
        await using var stream = link.GetStreamingResponseAsync(Hi, new ChatOptions { ModelId = "big" }).GetAsyncEnumerator();

        Assert.True(await stream.MoveNextAsync());
        Assert.Equal("cloud", stream.Current.Text);
        var next = stream.MoveNextAsync().AsTask();
        time.Advance(Settings.IdleTimeout - TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        Assert.False(next.IsCompleted, "ended before the idle limit");
        await AdvanceUntilDoneAsync(time, next);

        await Assert.ThrowsAsync<CloudStalledException>(() => next);
        Assert.Equal(CircuitState.Closed, link.CircuitState);
    }

    [Fact]
    public async Task A_stream_cut_mid_event_is_broken_never_complete()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.BreakMidEvent);
        using var link = Link(cloud, TimeProvider.System, out _);
        var texts = new List<string>();

        var ex = await Assert.ThrowsAsync<CloudStreamBrokenException>(async () =>
        {
            await foreach (var update in link.GetStreamingResponseAsync(Hi, new ChatOptions { ModelId = "big" }))
            {
                texts.Add(update.Text);
                Assert.Null(update.FinishReason);
            }
        });

        Assert.Equal(["cloud"], texts);
        Assert.Equal(502, ex.StatusCode);
        Assert.Equal(1, cloud.Hits);
    }

    [Fact]
    public async Task A_connection_reset_mid_stream_is_never_a_complete_answer()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.ResetMidStream);
        using var link = Link(cloud, TimeProvider.System, out _, settings: Settings with { Retries = 0 });

        // Whether the reset lands before or after the first chunk is read is up to the network stack; either way no
        // answer is reported complete.
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => link.GetResponseAsync(Hi, new ChatOptions { ModelId = "big" }));
        Assert.True(ex is CloudStreamBrokenException or CloudUnavailableException, ex.ToString());
    }

    [Fact]
    public async Task A_200_that_is_not_a_completion_is_a_bad_response_counted_but_not_retried()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.NotJson);
        using var link = Link(cloud, TimeProvider.System, out _);

        for (var i = 0; i < 4; i++)
        {
            var ex = await Assert.ThrowsAsync<CloudBadResponseException>(() => link.GetResponseAsync(Hi, new ChatOptions { ModelId = "big" }));
            Assert.Equal(502, ex.StatusCode);
        }

        Assert.Equal(4, cloud.Hits);
        Assert.Equal(CircuitState.Open, link.CircuitState);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(400)]
    [InlineData(422)]
    public async Task A_cloud_refusal_carries_the_upstream_error_and_is_neither_retried_nor_counted(int status)
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.Rejects);
        cloud.RejectStatus = status;
        using var link = Link(cloud, TimeProvider.System, out var metrics);

        for (var i = 0; i < 6; i++)
        {
            var ex = await Assert.ThrowsAsync<CloudRejectedException>(() => link.GetResponseAsync(Hi, new ChatOptions { ModelId = "big" }));
            Assert.Equal(status, ex.StatusCode);
            Assert.Equal(status, ex.UpstreamStatus);
            Assert.Equal("model_not_found", ex.Code);
            Assert.Equal("model", ex.Param);
            Assert.Equal("invalid_request_error", ex.Type);
            Assert.StartsWith("The model `big` does not exist", ex.Message, StringComparison.Ordinal);
            Assert.Equal(FakeCloudServer.RejectBody("big"), ex.Body);
        }

        Assert.Equal(6, cloud.Hits);
        Assert.Equal(CircuitState.Closed, link.CircuitState);
        Assert.Contains("edgefm_cloud_circuit_open 0", metrics.Render(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(408)]
    public async Task Rate_limits_and_request_timeouts_stay_retryable(int status)
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.Rejects);
        cloud.RejectStatus = status;
        using var link = Link(cloud, TimeProvider.System, out _, settings: Settings with { RetryDelay = TimeSpan.FromMilliseconds(1) });

        await Assert.ThrowsAsync<CloudUnavailableException>(() => link.GetResponseAsync(Hi, new ChatOptions { ModelId = "big" }));

        Assert.Equal(3, cloud.Hits);
    }

    [Fact]
    public async Task Credentials_the_cloud_refuses_are_the_gateways_fault_not_the_clients()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.Rejects);
        cloud.RejectStatus = 401;
        using var link = Link(cloud, TimeProvider.System, out _);

        var ex = await Assert.ThrowsAsync<CloudRejectedException>(() => link.GetResponseAsync(Hi, new ChatOptions { ModelId = "big" }));

        Assert.Equal(502, ex.StatusCode);
        Assert.Equal("cloud_auth_failed", ex.Code);
    }

    [Theory]
    [InlineData(null, "big")]
    [InlineData("gpt-fixed", "gpt-fixed")]
    public async Task The_cloud_model_is_the_fixed_one_else_each_requests_own(string? fixedModel, string expected)
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.Healthy);
        using var link = Link(cloud, TimeProvider.System, out _, fixedModel: fixedModel);

        var response = await link.GetResponseAsync(Hi, new ChatOptions { ModelId = "big" });

        Assert.Equal("cloud says hi", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(expected, cloud.LastModel);
        await link.GetResponseAsync(Hi, new ChatOptions { ModelId = "other" });
        Assert.Equal(fixedModel ?? "other", cloud.LastModel);
    }

    [Fact]
    public async Task Cloud_calls_hold_cloud_slots_not_the_gateways_room_and_a_full_cloud_fails_at_once()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.HangAfterFirstChunk);
        var metrics = new GatewayMetrics();
        var admission = new AdmissionController(totalLimit: 1, perModelLimit: 1, parallelPerModel: 1, metrics, cloudLimit: 2);
        using var link = new ResilientChatClient(new OpenAiCloudChatClient(cloud.BaseUrl, null, null, TimeSpan.FromMinutes(5)), Settings, metrics, TimeProvider.System, admission);
        using var gate1 = admission.EnterGateway();
        await using var first = link.GetStreamingResponseAsync(Hi, new ChatOptions { ModelId = "big" }).GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync());

        // One request is in the gateway and in the cloud: the gateway's room (1) is still free for edge work.
        using var gate2 = admission.EnterGateway();
        Assert.Equal(429, Assert.Throws<ApiException>(admission.EnterGateway).StatusCode);
        await using var second = link.GetStreamingResponseAsync(Hi, new ChatOptions { ModelId = "big" }).GetAsyncEnumerator();
        Assert.True(await second.MoveNextAsync());
        Assert.Equal(2, admission.InCloud);

        var full = await Assert.ThrowsAsync<CloudUnavailableException>(() => link.GetResponseAsync(Hi, new ChatOptions { ModelId = "big" }));
        Assert.Contains("--max-cloud-in-flight", full.Message, StringComparison.Ordinal);
        Assert.Equal(2, cloud.Hits);

        await first.DisposeAsync();
        Assert.Equal(1, admission.InCloud);
    }

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private static ResilientChatClient Link(FakeCloudServer cloud, TimeProvider time, out GatewayMetrics metrics, string? fixedModel = null, CloudLinkSettings? settings = null)
    {
        metrics = new GatewayMetrics();
        return new ResilientChatClient(new OpenAiCloudChatClient(cloud.BaseUrl, null, fixedModel, TimeSpan.FromMinutes(5)), settings ?? Settings, metrics, time);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "the fake cloud never saw the request");
    }

    /// <summary>Moves the fake clock in small steps, letting real I/O run between them, until <paramref name="task"/> ends.</summary>
    private static async Task AdvanceUntilDoneAsync(FakeTimeProvider time, Task task)
    {
        for (var i = 0; i < 2000 && !task.IsCompleted; i++)
        {
            await Task.Delay(5);
            if (!task.IsCompleted)
            {
                time.Advance(Step);
            }
        }

        Assert.True(task.IsCompleted, "still running after 200 s of fake time");
    }
}
