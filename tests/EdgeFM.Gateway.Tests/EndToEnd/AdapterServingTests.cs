using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Catalog;
using EdgeFM.Gateway.Configuration;
using EdgeFM.Gateway.Tests.Support;
using EdgeFM.Inference.Generation;
using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Synthesis;
using EdgeFM.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFM.Gateway.Tests.EndToEnd;

/// <summary>
/// LoRA adapters served by the gateway over the real stories260K: random adapters written by the project's adapter
/// writer beside it, requested as <c>stories260K:name</c> or with <c>"edgefm": {"adapter": ..}</c>, run unmerged by
/// <see cref="LlamaModelLoader"/>, and compared token for token with the library's generation.
/// </summary>
public sealed class AdapterServingTests : IDisposable
{
    private const int ContextLength = 64;
    private const int Tokens = 12;
    private const string Prompt = "Once upon a time";
    private const string Base = "stories260K";
    private readonly TempDirectory _directory = new();
    private readonly LlamaConfig _config;

    public AdapterServingTests()
    {
        File.Copy(SharedPaths.Model("stories260K.gguf"), BasePath);
        using var model = LlamaModel.Load(BasePath);
        _config = model.Config;
    }

    private string BasePath => _directory.File(Base + ".gguf");

    [Fact]
    public async Task A_base_colon_adapter_request_generates_exactly_what_the_library_generates_with_that_adapter()
    {
        var a = WriteAdapter("a", seed: 1);
        await using var gateway = await StartAsync(budget: 64L << 20);

        var viaName = await CompleteAsync(gateway.Client, $$"""{"model":"{{Base}}:a","prompt":"{{Prompt}}","max_tokens":{{Tokens}},"temperature":0}""");
        var viaExtension = await CompleteAsync(gateway.Client, $$"""{"model":"{{Base}}","prompt":"{{Prompt}}","max_tokens":{{Tokens}},"temperature":0,"edgefm":{"adapter":"a"} }""");
        var plain = await CompleteAsync(gateway.Client, $$"""{"model":"{{Base}}","prompt":"{{Prompt}}","max_tokens":{{Tokens}},"temperature":0}""");

        var expected = await LibraryAsync(a);
        Assert.Equal(expected, await CommandLineAsync(a));
        Assert.Equal(expected, viaName);
        Assert.Equal(expected, viaExtension);
        Assert.Equal(await LibraryAsync(null), plain);
        Assert.NotEqual(plain.Text, viaName.Text);
        Assert.Equal(ModelState.Loaded, gateway.Cache.Describe($"{Base}:a").State);
    }

    [Fact]
    public async Task Two_concurrent_requests_with_different_adapters_on_one_base_each_get_their_own_adapter()
    {
        var paths = new[] { WriteAdapter("a", seed: 1), WriteAdapter("b", seed: 2) };
        await using var gateway = await StartAsync(budget: 64L << 20, parallel: 2);
        var expected = new[] { await LibraryAsync(paths[0]), await LibraryAsync(paths[1]) };

        for (var round = 0; round < 3; round++)
        {
            var answers = await Task.WhenAll(new[] { "a", "b", "a", "b" }.Select(name => Task.Run(() =>
                CompleteAsync(gateway.Client, $$"""{"model":"{{Base}}:{{name}}","prompt":"{{Prompt}}","max_tokens":{{Tokens}},"temperature":0}"""))));

            Assert.Equal([expected[0], expected[1], expected[0], expected[1]], answers);
        }
    }

    [Fact]
    public async Task More_adapters_than_fit_evict_adapters_never_exceed_the_budget_and_never_orphan_one()
    {
        var names = Enumerable.Range(0, 5).Select(i => $"x{i}").ToList();
        var paths = names.Select((n, i) => WriteAdapter(n, seed: 10 + i)).ToList();
        var probe = new LlamaModelLoader(ContextLength, threads: 1, parallelPerModel: 1, TimeProvider.System);
        var baseEntry = ModelDirectory.Scan(_directory.Path).Models.Single();
        var adapterBytes = LoraAdapter.Open(paths[0]).FloatBytes;
        var budget = probe.EstimateBytes(baseEntry) + (adapterBytes * 5 / 2);   // the base and two adapters
        await using var gateway = await StartAsync(budget);
        var expected = new Dictionary<string, Completion>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            expected[names[i]] = await LibraryAsync(paths[i]);
        }

        var random = new Random(5);
        var requests = Enumerable.Range(0, 24).Select(_ => names[random.Next(names.Count)]).ToList();
        var violations = new List<string>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (name, _) =>
        {
            var answer = await CompleteAsync(gateway.Client, $$"""{"model":"{{Base}}:{{name}}","prompt":"{{Prompt}}","max_tokens":4,"temperature":0}""");
            Assert.StartsWith(answer.Text, expected[name].Text, StringComparison.Ordinal);
            lock (violations)
            {
                violations.AddRange(Check(gateway, budget));
            }
        });

        Assert.Empty(violations);
        Assert.True(gateway.Loader.PeakBytes <= budget, $"peak {gateway.Loader.PeakBytes} bytes over a budget of {budget}");
        var evictions = gateway.Metrics.Evictions;
        Assert.True(names.Sum(n => evictions.Value($"{Base}:{n}", "policy")) > 0, "no adapter was ever evicted");
        Assert.Equal(0, evictions.Value(Base, "policy"));
        Assert.True(gateway.Loader.Loads > 1 + names.Count, $"{gateway.Loader.Loads} loads: the adapters never competed for room");
        Assert.Equal(1, gateway.Loader.MaxLiveCopiesOfOneModel);
        Assert.Equal(gateway.Loader.LiveBytes, gateway.Cache.UsedBytes);
        Assert.All(gateway.Cache.Snapshot(), m => Assert.Equal(0, m.InFlight));
    }

    [Fact]
    public async Task With_no_idle_adapter_to_evict_an_adapter_takes_the_room_of_an_idle_model_never_of_its_base()
    {
        var a = WriteAdapter("a", seed: 1);
        File.Copy(BasePath, _directory.File("other.gguf"));
        var probe = new LlamaModelLoader(ContextLength, threads: 1, parallelPerModel: 1, TimeProvider.System);
        var baseBytes = probe.EstimateBytes(ModelDirectory.Scan(_directory.Path).Models.First(m => m.Id == Base));
        var budget = (2 * baseBytes) + (LoraAdapter.Open(a).FloatBytes / 2);
        await using var gateway = await StartAsync(budget);
        await CompleteAsync(gateway.Client, $$"""{"model":"other","prompt":"x","max_tokens":1}""");
        await CompleteAsync(gateway.Client, $$"""{"model":"{{Base}}","prompt":"x","max_tokens":1}""");

        using var response = await gateway.Client.PostJsonAsync("/v1/completions", $$"""{"model":"{{Base}}:a","prompt":"x","max_tokens":1}""");
        var stage = (await response.JsonAsync()).GetProperty("edgefm").GetProperty("plan")[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(stage.TryGetProperty("load", out _));   // the base is loaded already
        Assert.Equal(["other"], stage.GetProperty("adapter").GetProperty("evict").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(ModelState.Unloaded, gateway.Cache.Describe("other").State);
        Assert.Equal(ModelState.Loaded, gateway.Cache.Describe($"{Base}:a").State);
        Assert.True(gateway.Cache.UsedBytes <= budget);
    }

    [Fact]
    public async Task An_adapter_that_does_not_fit_its_base_is_listed_as_failed_and_refused_naming_both_files()
    {
        WriteAdapter("good", seed: 1);
        var wrongShape = _directory.File($"{Base}.narrow.gguf");
        LoraAdapterWriter.Write(wrongShape, new LoraWeights(4, [new LoraTensorPair(LoraTargets.TensorName(0, LoraTargets.Query), 2, 64, 48, new float[2 * 64], new float[48 * 2])]));
        var wrongArchitecture = _directory.File($"{Base}.qwen.gguf");
        LoraAdapterWriter.Write(wrongArchitecture, new LoraWeights(4, SyntheticAdapter.Create(_config, 2, 4, 1).Tensors, "qwen2"));
        await using var gateway = await StartAsync(budget: 64L << 20);

        var models = (await (await gateway.Client.GetAsync("/v1/models")).JsonAsync()).GetProperty("data").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        Assert.Equal([Base, $"{Base}:good", $"{Base}:narrow", $"{Base}:qwen"], models.Keys);
        Assert.Equal("unloaded", models[$"{Base}:good"].GetProperty("state").GetString());
        var narrow = models[$"{Base}:narrow"];
        Assert.Equal("failed", narrow.GetProperty("state").GetString());
        Assert.Equal(
            $"{wrongShape}: does not fit base model {BasePath}: tensor 'blk.0.attn_q.weight' is [64, 64] (n_in, n_out) in the base model but the adapter's factors are for [64, 48]: lora_a's ne[0] must equal the base tensor's ne[0] and lora_b's ne[1] its ne[1]. Use the adapter with the base model it was trained on.",
            narrow.GetProperty("failure").GetString());
        Assert.Contains($"{wrongArchitecture}: does not fit base model {BasePath}: the adapter is for architecture 'qwen2' but the base model is 'llama'", models[$"{Base}:qwen"].GetProperty("failure").GetString(), StringComparison.Ordinal);

        using var refused = await gateway.Client.PostJsonAsync("/v1/completions", $$"""{"model":"{{Base}}","prompt":"x","max_tokens":2,"edgefm":{"adapter":"narrow"} }""");
        var body = await refused.Content.ReadAsStringAsync();
        await refused.AssertErrorAsync(503, "service_unavailable");
        Assert.Contains(wrongShape, body, StringComparison.Ordinal);
        Assert.Contains(BasePath, body, StringComparison.Ordinal);
        using var good = await gateway.Client.PostJsonAsync("/v1/completions", $$"""{"model":"{{Base}}:good","prompt":"x","max_tokens":2}""");
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Fact]
    public async Task Models_list_adapters_with_their_base_and_a_response_shows_the_adapter_in_its_plan()
    {
        WriteAdapter("a", seed: 1);
        await using var gateway = await StartAsync(budget: 64L << 20);

        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", $$"""{"model":"{{Base}}:a","messages":[{"role":"user","content":"{{Prompt}}"}],"max_tokens":2}""");
        var answer = await response.JsonAsync();
        var models = (await (await gateway.Client.GetAsync("/v1/models")).JsonAsync()).GetProperty("data");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{Base}:a", answer.GetProperty("model").GetString());
        var stage = answer.GetProperty("edgefm").GetProperty("plan")[0];
        Assert.Equal(Base, stage.GetProperty("model").GetString());
        Assert.True(stage.GetProperty("load").GetBoolean());
        Assert.Equal($"{Base}:a", stage.GetProperty("adapter").GetProperty("id").GetString());
        Assert.True(stage.GetProperty("adapter").GetProperty("load").GetBoolean());
        var adapter = models.EnumerateArray().Single(m => m.GetProperty("id").GetString() == $"{Base}:a");
        Assert.Equal(Base, adapter.GetProperty("parent").GetString());
        Assert.Equal("loaded", adapter.GetProperty("state").GetString());
        Assert.Equal(LoraAdapter.Open(_directory.File($"{Base}.a.gguf")).FloatBytes, adapter.GetProperty("size_bytes").GetInt64());
        var extension = adapter.GetProperty("edgefm");
        Assert.Equal("lora_adapter", extension.GetProperty("kind").GetString());
        Assert.Equal(Base, extension.GetProperty("base").GetString());
        Assert.Equal("a", extension.GetProperty("adapter").GetString());
        Assert.Equal("file name", extension.GetProperty("base_from").GetString());
    }

    [Fact]
    public async Task A_bad_adapter_field_is_a_400_naming_it()
    {
        await using var gateway = await StartAsync(budget: 64L << 20);

        using var response = await gateway.Client.PostJsonAsync("/v1/completions", $$"""{"model":"{{Base}}","prompt":"x","edgefm":{"adapter":7} }""");

        await response.AssertErrorAsync(400, param: "edgefm.adapter");
    }

    public void Dispose() => _directory.Dispose();

    private static IEnumerable<string> Check(Running gateway, long budget)
    {
        if (gateway.Cache.UsedBytes > budget || gateway.Loader.LiveBytes > budget)
        {
            yield return $"over budget: cache {gateway.Cache.UsedBytes}, live {gateway.Loader.LiveBytes}, budget {budget}";
        }

        var snapshot = gateway.Cache.Snapshot().ToDictionary(m => m.Id, StringComparer.Ordinal);
        foreach (var child in snapshot.Values.Where(m => m.Parent is not null && m.State is ModelState.Loaded or ModelState.Loading))
        {
            if (snapshot[child.Parent!].State != ModelState.Loaded)
            {
                yield return $"{child.Id} is {child.State} while its base is {snapshot[child.Parent!].State}";
            }
        }
    }

    private string WriteAdapter(string name, int seed, int rank = 4)
    {
        var path = _directory.File($"{Base}.{name}.gguf");
        LoraAdapterWriter.Write(path, SyntheticAdapter.Create(_config, rank, alpha: 2f * rank, seed, bStdDev: 0.5f));
        return path;
    }

    private async Task<Completion> LibraryAsync(string? adapterPath)
    {
        using var model = LlamaModel.Load(BasePath, new ModelLoadOptions { MaxContextLength = ContextLength, Threads = 1 });
        var options = GenerationOptions.Greedy(Tokens) with { Adapter = adapterPath is null ? null : LoraAdapter.Load(adapterPath, model) };
        var text = new StringBuilder();
        var tokens = 0;
        await foreach (var token in new TextGenerator(model).GenerateAsync(Prompt, options))
        {
            text.Append(token.Text);
            tokens = token.Statistics?.GeneratedTokens ?? tokens;
        }

        return new Completion(text.ToString(), tokens);
    }

    /// <summary>What <c>edgefm generate --adapter FILE --temperature 0 --json</c> prints, run as a process.</summary>
    private async Task<Completion> CommandLineAsync(string adapterPath)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { ServeProcess.EdgefmDll, "generate", "-m", BasePath, "-p", Prompt, "-n", $"{Tokens}", "--temperature", "0", "--adapter", adapterPath, "--json" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        var json = JsonDocument.Parse(output).RootElement;
        return new Completion(json.GetProperty("text").GetString()!, json.GetProperty("tokens").GetArrayLength());
    }

    private static async Task<Completion> CompleteAsync(HttpClient client, string body)
    {
        using var response = await client.PostJsonAsync("/v1/completions", body);
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return new Completion(json.GetProperty("choices")[0].GetProperty("text").GetString()!, json.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    private async Task<Running> StartAsync(long budget, int parallel = 1)
    {
        var loader = new TrackingLoader(new LlamaModelLoader(ContextLength, threads: 1, parallel, TimeProvider.System));
        var options = new GatewayOptions
        {
            ModelsDirectory = _directory.Path, MemoryBudgetBytes = budget, Policy = "LRU", ContextLength = ContextLength, ParallelPerModel = parallel,
            RoomWait = TimeSpan.FromSeconds(30), MaxQueuePerModel = 64, MaxQueueTotal = 64,

            // These tests compare token for token with the library, whose prompt holds no stored demonstrations.
            Demonstrations = 0,
        };
        var app = GatewayHost.Build(options, loader, builder => builder.WebHost.UseTestServer());
        await app.StartAsync();
        return new Running(app, app.GetTestClient(), loader);
    }

    private sealed record Completion(string Text, int Tokens);

    private sealed record Running(WebApplication App, HttpClient Client, TrackingLoader Loader) : IAsyncDisposable
    {
        public LiveModelCache Cache => App.Services.GetRequiredService<LiveModelCache>();

        public Metrics.GatewayMetrics Metrics => App.Services.GetRequiredService<Metrics.GatewayMetrics>();

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
