using System.Diagnostics;
using EdgeFM.Gateway.Tests.Api;
using EdgeFM.Gateway.Tests.Support;
using EdgeFM.TestSupport;

namespace EdgeFM.Gateway.Tests.Cloud;

/// <summary>Each cloud fault against a real <c>edgefm serve</c> process pointed at the fake cloud on loopback.</summary>
[Collection(nameof(EndToEndTests))]
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

    private static async Task<Serve> StartAsync(FakeCloudServer cloud, params string[] arguments)
    {
        var models = new TempDirectory();
        try
        {
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

    /// <summary>A serve process over an empty models directory, with a client for it.</summary>
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
