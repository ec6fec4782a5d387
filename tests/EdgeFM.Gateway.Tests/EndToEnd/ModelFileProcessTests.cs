using System.Net;
using EdgeFM.Gateway.Tests.Support;
using EdgeFM.TestSupport;

namespace EdgeFM.Gateway.Tests.EndToEnd;

/// <summary>
/// A real <c>edgefm serve</c> process whose model files are corrupt at start or cut short while loaded: a read of a
/// truncated memory-mapped file would kill the process (SIGBUS), so only a real process shows the gateway survives.
/// </summary>
[Collection(nameof(EndToEndTests))]
public sealed class ModelFileProcessTests
{
    private const string Ask = """{"model":"stories260K","messages":[{"role":"user","content":"Once upon a time"}],"max_tokens":8,"temperature":0}""";

    [Fact]
    public async Task A_serve_process_starts_with_a_corrupt_file_and_survives_a_model_cut_short_under_it()
    {
        using var models = new TempDirectory();
        var path = models.File("stories260K.gguf");
        File.Copy(SharedPaths.Model("stories260K.gguf"), path);
        await File.WriteAllBytesAsync(models.File("broken.gguf"), [0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0, 0xFF]);
        var whole = await File.ReadAllBytesAsync(path);
        await using var serve = await ServeProcess.StartAsync("--models", models.Path, "--memory-budget", "64MiB", "--policy", "LRU");
        using var http = new HttpClient { BaseAddress = serve.BaseUrl };

        var listed = (await (await http.GetAsync(new Uri("/v1/models", UriKind.Relative))).JsonAsync()).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal("failed", listed.Single(m => m.GetProperty("id").GetString() == "broken").GetProperty("state").GetString());
        Assert.Contains("failed to open", serve.Errors, StringComparison.Ordinal);
        using (var first = await http.PostJsonAsync("/v1/chat/completions", Ask))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await using (var cut = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            cut.SetLength(4096);
        }

        using var refused = await http.PostJsonAsync("/v1/chat/completions", Ask);
        await refused.AssertErrorAsync(503, "service_unavailable");
        await File.WriteAllBytesAsync(path, whole);
        using var again = await http.PostJsonAsync("/v1/chat/completions", Ask);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("edge", again.Headers.GetValues("x-edgefm-placement").Single());
        using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
