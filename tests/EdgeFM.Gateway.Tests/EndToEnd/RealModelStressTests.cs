using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Catalog;
using EdgeFM.Gateway.Configuration;
using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using EdgeFM.Gateway.Tests.Support;
using EdgeFM.Inference.Synthesis;
using EdgeFM.TestSupport;

namespace EdgeFM.Gateway.Tests.EndToEnd;

/// <summary>
/// Concurrent requests over more real models than fit: stories260K and three random-weight models written by the
/// runtime's synthesizer (as <c>edgefm model synth</c> does), loaded and run by <see cref="LlamaModelLoader"/>.
/// </summary>
public sealed class RealModelStressTests : IDisposable
{
    private const int ContextLength = 64;
    private readonly TempDirectory _directory = new();

    [Theory]
    [InlineData("LC")]
    [InlineData("LRU")]
    public async Task Real_models_stay_within_the_budget_load_once_at_a_time_and_every_request_completes(string policy)
    {
        File.Copy(SharedPaths.Model("stories260K.gguf"), _directory.File("stories260K.gguf"));
        for (var i = 0; i < 3; i++)
        {
            SyntheticModel.Write(
                new SyntheticModelOptions
                {
                    Dimension = 32 + (16 * i), Layers = 2, Heads = 4, KvHeads = 4, FeedForward = 96,
                    TokenizerPath = SharedPaths.Model("tok512.bin"), ContextLength = 256, Seed = i + 1,
                },
                _directory.File($"synth{i}.gguf"));
        }

        var catalog = ModelDirectory.Scan(_directory.Path);
        var loader = new TrackingLoader(new LlamaModelLoader(ContextLength, threads: 1, parallelPerModel: 1, TimeProvider.System));
        var sizes = catalog.Models.Select(loader.EstimateBytes).OrderDescending().ToList();
        var budget = sizes[0] + sizes[1]; // the two largest fit together; the four never do
        Assert.True(sizes.Sum() > budget);
        var options = new GatewayOptions
        {
            ModelsDirectory = _directory.Path, MemoryBudgetBytes = budget, Policy = policy, Seed = 7, ContextLength = ContextLength,
            RoomWait = TimeSpan.FromSeconds(20), MaxQueuePerModel = 64, MaxQueueTotal = 64,
        };
        await using var app = GatewayHost.Build(options, loader, builder => builder.WebHost.UseTestServer());
        await app.StartAsync();
        using var client = app.GetTestClient();
        var cache = app.Services.GetRequiredService<LiveModelCache>();

        var random = new Random(11);
        var ids = catalog.Models.Select(m => m.Id).ToList();
        var requests = Enumerable.Range(0, 48).Select(_ => ids[random.Next(ids.Count)]).ToList();
        var violations = 0;
        var completed = 0;
        var declined = 0;
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (model, ct) =>
        {
            using var response = await client.PostJsonAsync("/v1/chat/completions", $$"""{"model":"{{model}}","messages":[{"role":"user","content":"Once upon a time"}],"max_tokens":4,"temperature":0}""");
            if (cache.UsedBytes > budget || loader.LiveBytes > budget)
            {
                Interlocked.Increment(ref violations);
            }

            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.False(string.IsNullOrEmpty((await response.JsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()));
                Interlocked.Increment(ref completed);
                return;
            }

            // With no cloud, the only refusal is the policy sending a request to the cloud (LC declining to evict
            // context worth more than the newcomer); never an error, never a hidden fallback.
            var error = (await response.JsonAsync()).GetProperty("error").GetProperty("message").GetString();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains($"{policy} policy sent it to the cloud", error, StringComparison.Ordinal);
            Interlocked.Increment(ref declined);
        });

        Assert.Equal(0, violations);
        Assert.True(loader.PeakBytes <= budget, $"peak {loader.PeakBytes} bytes over a budget of {budget}");
        Assert.Equal(1, loader.MaxConcurrentLoadsOfOneModel);
        Assert.Equal(1, loader.MaxLiveCopiesOfOneModel);
        Assert.True(loader.Loads > 2, $"only {loader.Loads} loads: the models never competed for room");
        Assert.Equal(requests.Count, completed + declined);
        if (policy == "LRU")
        {
            Assert.Equal(requests.Count, completed);
        }

        Assert.All(cache.Snapshot(), m => Assert.Equal(0, m.InFlight));
        Assert.Equal(loader.LiveBytes, cache.UsedBytes);
    }

    public void Dispose() => _directory.Dispose();
}
