using System.Net;
using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Configuration;
using EdgeFM.Gateway.Tests.Support;
using EdgeFM.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace EdgeFM.Gateway.Tests.Cache;

/// <summary>Model files that are corrupt at start, or change on disk under a loaded model.</summary>
public sealed class ModelFileFaultTests
{
    private const string Ask = """{"model":"stories260K","messages":[{"role":"user","content":"Once upon a time"}],"max_tokens":4,"temperature":0}""";

    [Fact]
    public async Task A_corrupt_file_is_listed_as_failed_with_its_reason_and_the_rest_are_served()
    {
        using var models = new TempDirectory();
        File.Copy(SharedPaths.Model("stories260K.gguf"), models.File("stories260K.gguf"));
        await File.WriteAllTextAsync(models.File("broken.gguf"), "this is not a GGUF file");
        await using var app = await StartAsync(models.Path);
        using var client = app.GetTestClient();

        var list = await (await client.GetAsync(new Uri("/v1/models", UriKind.Relative))).JsonAsync();
        var broken = list.GetProperty("data").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "broken");
        using var refused = await client.PostJsonAsync("/v1/chat/completions", Ask.Replace("stories260K", "broken", StringComparison.Ordinal));
        using var served = await client.PostJsonAsync("/v1/chat/completions", Ask);

        Assert.Equal("failed", broken.GetProperty("state").GetString());
        Assert.Contains("broken.gguf", broken.GetProperty("failure").GetString(), StringComparison.Ordinal);
        await refused.AssertErrorAsync(503, "service_unavailable");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task A_truncated_loaded_model_is_unloaded_fails_clearly_and_loads_again_once_whole()
    {
        using var models = new TempDirectory();
        var path = models.File("stories260K.gguf");
        File.Copy(SharedPaths.Model("stories260K.gguf"), path);
        var whole = await File.ReadAllBytesAsync(path);
        await using var app = await StartAsync(models.Path);
        using var client = app.GetTestClient();
        using (var first = await client.PostJsonAsync("/v1/chat/completions", Ask))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // What `cp` over a mapped file does: the same file, cut short. Reading the old mapping now would fault.
        await using (var cut = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            cut.SetLength(whole.Length / 2);
        }

        using var refused = await client.PostJsonAsync("/v1/chat/completions", Ask);
        var state = (await (await client.GetAsync(new Uri("/v1/models", UriKind.Relative))).JsonAsync()).GetProperty("data")[0];
        await refused.AssertErrorAsync(503, "service_unavailable");
        Assert.Contains("stories260K.gguf", (await refused.JsonAsync()).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("failed", state.GetProperty("state").GetString());

        await File.WriteAllBytesAsync(path, whole);
        using var again = await client.PostJsonAsync("/v1/chat/completions", Ask);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task A_file_that_changes_under_a_request_in_flight_is_reloaded_once_that_request_ends()
    {
        var loader = new FakeModelLoader { TokenDelay = TimeSpan.FromMilliseconds(50) };
        await using var gateway = await TestGateway.StartAsync(models: 1, loader: loader);
        var busy = gateway.Client.PostJsonAsync("/v1/chat/completions", """{"model":"m0","messages":[{"role":"user","content":"hi"}],"max_tokens":8}""");
        await WaitUntilAsync(() => gateway.Cache.Describe("m0").InFlight == 1);
        await File.AppendAllTextAsync(Path.Combine(gateway.Directory, "m0.gguf"), "changed");

        using var refused = await gateway.Client.PostJsonAsync("/v1/chat/completions", """{"model":"m0","messages":[{"role":"user","content":"hi"}],"max_tokens":1}""");
        using (var finished = await busy)
        {
            Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        }

        using var reloaded = await gateway.Client.PostJsonAsync("/v1/chat/completions", """{"model":"m0","messages":[{"role":"user","content":"hi"}],"max_tokens":1}""");
        await refused.AssertErrorAsync(503, "service_unavailable");
        Assert.Contains("changed on disk", (await refused.JsonAsync()).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, reloaded.StatusCode);
        Assert.Equal(2, loader.Loads["m0"]);
    }

    private static async Task<WebApplication> StartAsync(string models)
    {
        var options = new GatewayOptions { ModelsDirectory = models, MemoryBudgetBytes = 64L << 20, Policy = "LRU", ContextLength = 64 };
        var app = GatewayHost.Build(options, new LlamaModelLoader(64, threads: 1, parallelPerModel: 1, TimeProvider.System), builder => builder.WebHost.UseTestServer());
        await app.StartAsync();
        return app;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
