using System.Diagnostics;
using EdgeFM.Gateway.Tests.Api;
using EdgeFM.Gateway.Tests.Support;
using EdgeFM.TestSupport;

namespace EdgeFM.Gateway.Tests.Cloud;

/// <summary>Each cloud fault against a real <c>edgefm serve</c> process pointed at the fake cloud on loopback.</summary>
// Named by string: the real-process tests share one collection so they never run at once, wherever EndToEndTests lives.
[Collection("EndToEndTests")]
public sealed class CloudFaultProcessTests
{
    private const string CloudOnly = """{"model":"big","messages":[{"role":"user","content":"hi"}]}""";
    private const string CloudOnlyStreamed = """{"model":"big","messages":[{"role":"user","content":"hi"}],"stream":true}""";

    [Fact]
    public async Task A_silent_cloud_gets_503_within_the_first_byte_limit()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.HangAfterAccept);
        await using var serve = await StartAsync(cloud, "--cloud-timeout", "300ms", "--cloud-first-byte-timeout", "800ms");

        var clock = Stopwatch.StartNew();
        using var response = await serve.Client.PostJsonAsync("/v1/chat/completions", CloudOnly);

        await response.AssertErrorAsync(503, "service_unavailable");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        await serve.AssertMetricAsync("edgefm_requests_total{endpoint=\"chat\",placement=\"none\",status=\"503\"} 1");
    }

    [Fact]
    public async Task Requests_hanging_on_the_cloud_never_take_the_room_of_edge_requests()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.HangAfterAccept);
        await using var serve = await StartAsync(
            cloud, withModel: true, "--max-queue-total", "2", "--max-queue-per-model", "2", "--cloud-timeout", "1m", "--cloud-first-byte-timeout", "1m");
        using var hang = new CancellationTokenSource();
        var hanging = new List<Task<HttpResponseMessage>>();
        for (var n = 1; n <= 3; n++)
        {
            // One at a time: each is in the cloud, and out of the gateway's room, before the next arrives.
            hanging.Add(serve.Client.PostAsync("/v1/chat/completions", new StringContent(CloudOnly, System.Text.Encoding.UTF8, "application/json"), hang.Token));
            for (var i = 0; i < 1000 && cloud.Hits < n; i++)
            {
                await Task.Delay(10);
            }

            Assert.Equal(n, cloud.Hits);
        }

        using var edge = await serve.Client.PostJsonAsync("/v1/chat/completions", """{"model":"stories260K","messages":[{"role":"user","content":"Once"}],"max_tokens":2}""");

        Assert.Equal(System.Net.HttpStatusCode.OK, edge.StatusCode);
        Assert.All(hanging, request => Assert.False(request.IsCompleted));
        await hang.CancelAsync();
        await serve.AssertMetricAsync("edgefm_requests_total{endpoint=\"chat\",placement=\"edge\",status=\"200\"} 1");
        Assert.DoesNotContain("edgefm_requests_rejected_total{", await serve.Client.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CloudBehaviour.HangAfterFirstChunk, 504, "cloud_stalled")]
    [InlineData(CloudBehaviour.BreakMidEvent, 502, "cloud_stream_broken")]
    public async Task A_cloud_answer_cut_short_ends_with_an_error_and_no_done(CloudBehaviour behaviour, int status, string code)
    {
        await using var cloud = await FakeCloudServer.StartAsync(behaviour);
        await using var serve = await StartAsync(cloud, "--cloud-idle-timeout", "500ms");

        using var whole = await serve.Client.PostJsonAsync("/v1/chat/completions", CloudOnly);
        await whole.AssertErrorAsync(status, code);
        using var streamed = await serve.Client.PostJsonAsync("/v1/chat/completions", CloudOnlyStreamed);
        CloudFaultApiTests.AssertEndsWithError(await streamed.Content.ReadAsStringAsync(), code);

        await serve.AssertMetricAsync($"edgefm_requests_total{{endpoint=\"chat\",placement=\"cloud\",status=\"{status}\"}} 2");
        Assert.DoesNotContain("   at ", serve.Process.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_200_that_is_not_a_completion_is_502()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.NotJson);
        await using var serve = await StartAsync(cloud);

        using var response = await serve.Client.PostJsonAsync("/v1/chat/completions", CloudOnly);

        await response.AssertErrorAsync(502, "cloud_bad_response");
        await serve.AssertMetricAsync("edgefm_requests_total{endpoint=\"chat\",placement=\"none\",status=\"502\"} 1");
    }

    [Fact]
    public async Task A_cloud_404_passes_through_and_the_circuit_stays_closed()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.Rejects);
        await using var serve = await StartAsync(cloud);

        for (var i = 0; i < 5; i++)
        {
            using var response = await serve.Client.PostJsonAsync("/v1/chat/completions", CloudOnly);
            await response.AssertErrorAsync(404, "model_not_found", "model");
            Assert.False(response.Headers.Contains("Retry-After"));
        }

        Assert.Equal(5, cloud.Hits);
        await serve.AssertMetricAsync("edgefm_cloud_circuit_open 0");
        await serve.AssertMetricAsync("edgefm_requests_total{endpoint=\"chat\",placement=\"none\",status=\"404\"} 5");
    }

    private static Task<Serve> StartAsync(FakeCloudServer cloud, params string[] arguments) => StartAsync(cloud, withModel: false, arguments);

    private static async Task<Serve> StartAsync(FakeCloudServer cloud, bool withModel, params string[] arguments)
    {
        var models = new TempDirectory();
        try
        {
            if (withModel)
            {
                File.Copy(SharedPaths.Model("stories260K.gguf"), models.File("stories260K.gguf"));
            }

            var process = await ServeProcess.StartAsync(
                [
                    "--models", models.Path, "--cloud-url", cloud.BaseUrl.ToString(), "--cloud-retry-delay", "10ms",
                    "--cloud-break-duration", "5m", .. arguments,
                ]);
            return new Serve(models, process);
        }
        catch
        {
            models.Dispose();
            throw;
        }
    }

    /// <summary>A serve process over a models directory (empty, or stories260K), with a client for it.</summary>
    internal sealed class Serve(TempDirectory models, ServeProcess process) : IAsyncDisposable
    {
        public ServeProcess Process { get; } = process;

        public HttpClient Client { get; } = new() { BaseAddress = process.BaseUrl };

        public async Task AssertMetricAsync(string line) =>
            Assert.Contains(line, await Client.GetStringAsync("/metrics"), StringComparison.Ordinal);

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Process.DisposeAsync();
            models.Dispose();
        }
    }
}
