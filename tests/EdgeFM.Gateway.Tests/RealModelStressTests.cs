using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Catalog;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Tests.Support;
using EdgeFM.Inference.Synthesis;
using EdgeFM.TestSupport;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Tests;

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
        using var cache = new ModelCache(catalog, loader, new CachePolicySettings { Policy = policy, Seed = 7, RoomWait = TimeSpan.FromSeconds(20) }, budget, new GatewayMetrics(), TimeProvider.System);

        var random = new Random(11);
        var ids = catalog.Models.Select(m => m.Id).ToList();
        var requests = Enumerable.Range(0, 48).Select(_ => ids[random.Next(ids.Count)]).ToList();
        var violations = 0;
        var completed = 0;
        var refused = 0;
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (model, ct) =>
        {
            var acquisition = await cache.AcquireAsync(model, mayOffload: false, topic: 0.25, size: 8, ct);
            if (acquisition.Lease is null)
            {
                // The only refusal an edge-only request may get: no room within the wait, which the API turns into a 503.
                Assert.Equal(CacheOutcome.NoRoom, acquisition.Outcome);
                Interlocked.Increment(ref refused);
                return;
            }

            using (acquisition.Lease)
            {
                var response = await acquisition.Lease.Client.GetResponseAsync(
                    [new ChatMessage(ChatRole.User, "Once upon a time")], new ChatOptions { MaxOutputTokens = 4, Temperature = 0 }, ct);
                Assert.NotEmpty(response.Messages);
                if (cache.UsedBytes > budget || loader.LiveBytes > budget)
                {
                    Interlocked.Increment(ref violations);
                }
            }

            Interlocked.Increment(ref completed);
        });

        Assert.Equal(0, violations);
        Assert.True(loader.PeakBytes <= budget, $"peak {loader.PeakBytes} bytes over a budget of {budget}");
        Assert.Equal(1, loader.MaxConcurrentLoadsOfOneModel);
        Assert.Equal(1, loader.MaxLiveCopiesOfOneModel);
        Assert.True(loader.Loads > ids.Count, $"only {loader.Loads} loads: the models never competed for room");
        Assert.Equal(requests.Count, completed + refused);
        Assert.Equal(requests.Count, completed);
        Assert.All(cache.Snapshot(), m => Assert.Equal(0, m.InFlight));
        Assert.Equal(loader.LiveBytes, cache.UsedBytes);
    }

    public void Dispose() => _directory.Dispose();
}
