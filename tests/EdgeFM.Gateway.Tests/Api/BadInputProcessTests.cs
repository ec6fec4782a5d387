using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeFM.Gateway.Tests.Support;
using EdgeFM.TestSupport;

namespace EdgeFM.Gateway.Tests.Api;

/// <summary>Bad input against a real <c>edgefm serve</c> process serving stories260K.</summary>
// Named by string: the real-process tests share one collection so they never run at once, wherever EndToEndTests lives.
[Collection("EndToEndTests")]
public sealed class BadInputProcessTests
{
    [Fact]
    public async Task Bad_requests_and_uploads_get_4xx_and_at_most_one_log_line_never_a_stack()
    {
        using var models = new TempDirectory();
        File.Copy(SharedPaths.Model("stories260K.gguf"), models.File("stories260K.gguf"));
        await using var serve = await ServeProcess.StartAsync("--models", models.Path);
        using var client = new HttpClient { BaseAddress = serve.BaseUrl };
        const string chat = """{"model":"stories260K","messages":[{"role":"user","content":"Once"}],"max_tokens":4""";

        // The real sampler refuses top_p 0; the gateway takes such a P as greedy.
        foreach (var topP in new[] { "0", "1e-300" })
        {
            using var greedy = await client.PostJsonAsync("/v1/chat/completions", chat + $",\"top_p\":{topP}}}");
            Assert.Equal(HttpStatusCode.OK, greedy.StatusCode);
        }

        using var emptyStop = await client.PostJsonAsync("/v1/chat/completions", chat + ",\"stop\":\"\"}");
        await emptyStop.AssertErrorAsync(400, param: "stop");

        Assert.StartsWith("HTTP/1.1 400", await RawUploadAsync(serve.BaseUrl, "zz\r\n{\"model\"\r\n0\r\n\r\n", closeAfter: false), StringComparison.Ordinal);
        await RawUploadAsync(serve.BaseUrl, "5\r\n{\"mod", closeAfter: true);

        var metrics = string.Empty;
        for (var i = 0; i < 50 && !metrics.Contains("status=\"400\"} 3", StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
            metrics = await client.GetStringAsync("/metrics");
        }

        Assert.Contains("edgefm_requests_total{endpoint=\"chat\",placement=\"none\",status=\"400\"} 3", metrics, StringComparison.Ordinal);
        Assert.Contains("edgefm_requests_total{endpoint=\"chat\",placement=\"edge\",status=\"200\"} 2", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", serve.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", serve.Errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_blank_api_key_stops_serve_with_exit_code_2(bool fromEnvironment)
    {
        using var models = new TempDirectory();
        string[] arguments = ["serve", "--models", models.Path, "--urls", $"http://127.0.0.1:{FreePort()}", .. fromEnvironment ? [] : new[] { "--api-key", string.Empty }];
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal) { ["EDGEFM_APIKEY"] = fromEnvironment ? "  " : null };

        var (exitCode, _, errors) = await DotnetProcess.RunAsync(ServeProcess.EdgefmDll, arguments, TimeSpan.FromSeconds(60), environment);

        Assert.Equal(2, exitCode);
        Assert.Contains("--api-key", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Sends a chunked POST with <paramref name="chunks"/> as its raw body; returns the status line, if any.</summary>
    private static async Task<string> RawUploadAsync(Uri baseUrl, string chunks, bool closeAfter)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseUrl.Host, baseUrl.Port);
        var stream = tcp.GetStream();
        var head = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + chunks));
        if (closeAfter)
        {
            tcp.Client.Shutdown(SocketShutdown.Send);
        }

        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
