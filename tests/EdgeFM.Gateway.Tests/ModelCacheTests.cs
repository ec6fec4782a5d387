using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Catalog;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Tests.Support;
using EdgeFM.TestSupport;

namespace EdgeFM.Gateway.Tests;

public sealed class ModelCacheTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Theory]
    [InlineData("LRU")]
    [InlineData("LC")]
    [InlineData("LFU")]
    [InlineData("FIFO")]
    public async Task Stress_never_exceeds_the_budget_never_double_loads_and_completes_every_request(string policy)
    {
        var loader = new FakeModelLoader { BytesPerModel = 100, LoadDelay = TimeSpan.FromMilliseconds(3) };
        using var cache = CreateCache(models: 8, budget: 300, loader, policy);
        var random = new Random(42);
        var requests = Enumerable.Range(0, 400).Select(_ => $"m{random.Next(8)}").ToList();
        var violations = 0;
        var completed = 0;
        var refused = 0;

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (model, ct) =>
        {
            var acquisition = await cache.AcquireAsync(model, mayOffload: false, topic: 0.5, size: 10, ct);
            if (acquisition.Lease is null)
            {
                Assert.Equal(CacheOutcome.NoRoom, acquisition.Outcome);
                Interlocked.Increment(ref refused);
                return;
            }

            using (acquisition.Lease)
            {
                if (cache.UsedBytes > 300 || loader.LiveBytes > 300)
                {
                    Interlocked.Increment(ref violations);
                }

                await Task.Delay(random.Next(3), ct);
                cache.RecordDemonstration(model, 0.5, 10);
            }

            Interlocked.Increment(ref completed);
        });

        Assert.Equal(0, violations);
        Assert.True(loader.PeakBytes <= 300, $"peak {loader.PeakBytes} bytes over a 300-byte budget");
        Assert.Equal(1, loader.MaxConcurrentLoadsOfOneModel);
        Assert.Equal(requests.Count, completed + refused);
        Assert.Equal(requests.Count, completed);
        Assert.All(cache.Snapshot(), m => Assert.Equal(0, m.InFlight));
        Assert.Equal(cache.Snapshot().Where(m => m.State == ModelState.Loaded).Sum(m => m.Bytes), cache.UsedBytes);
        Assert.Equal(loader.LiveBytes, cache.UsedBytes);
    }

    [Fact]
    public async Task Concurrent_requests_for_a_loading_model_wait_for_one_load()
    {
        var loader = new FakeModelLoader { LoadDelay = TimeSpan.FromMilliseconds(100) };
        using var cache = CreateCache(models: 2, budget: 1000, loader);

        var acquisitions = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => cache.AcquireAsync("m0", false, 0, 0, CancellationToken.None)));

        Assert.Equal(1, loader.Loads["m0"]);
        Assert.All(acquisitions, a => Assert.NotNull(a.Lease));
        Assert.Equal(20, cache.Describe("m0").InFlight);
        Assert.All(acquisitions, a => Assert.False(a.Lease!.WasHit));
        foreach (var a in acquisitions)
        {
            a.Lease!.Dispose();
        }

        Assert.Equal(0, cache.Describe("m0").InFlight);
    }

    [Fact]
    public async Task A_waiter_that_gives_up_does_not_leak_its_pin()
    {
        var loader = new FakeModelLoader { LoadDelay = TimeSpan.FromMilliseconds(200) };
        using var cache = CreateCache(models: 1, budget: 1000, loader);
        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));

        var patient = cache.AcquireAsync("m0", false, 0, 0, CancellationToken.None);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cache.AcquireAsync("m0", false, 0, 0, impatient.Token));
        (await patient).Lease!.Dispose();

        Assert.Equal(0, cache.Describe("m0").InFlight);
        Assert.Null(cache.Unload("m0"));
    }

    [Fact]
    public async Task Models_in_use_or_pinned_are_never_evicted_and_no_room_is_reported()
    {
        var loader = new FakeModelLoader();
        using var cache = CreateCache(models: 4, budget: 200, loader, roomWaitMs: 50);
        Assert.Equal(CacheOutcome.Leased, await cache.PinAsync("m0", CancellationToken.None));
        var held = (await cache.AcquireAsync("m1", false, 0, 0, CancellationToken.None)).Lease!;

        var third = await cache.AcquireAsync("m2", false, 0, 0, CancellationToken.None);

        Assert.Equal(CacheOutcome.NoRoom, third.Outcome);
        Assert.Equal(ModelState.Loaded, cache.Describe("m0").State);
        Assert.Equal(ModelState.Loaded, cache.Describe("m1").State);
        held.Dispose();
        var fourth = await cache.AcquireAsync("m2", false, 0, 0, CancellationToken.None);
        Assert.Equal(CacheOutcome.Leased, fourth.Outcome);
        fourth.Lease!.Dispose();
        Assert.Equal(ModelState.Unloaded, cache.Describe("m1").State);
        Assert.Equal(ModelState.Loaded, cache.Describe("m0").State);
    }

    [Fact]
    public async Task A_model_larger_than_the_budget_is_too_large()
    {
        using var cache = CreateCache(models: 1, budget: 50, new FakeModelLoader { BytesPerModel = 100 });
        Assert.Equal(CacheOutcome.TooLarge, (await cache.AcquireAsync("m0", false, 0, 0, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task The_cloud_policy_offloads_when_allowed_and_loads_when_not()
    {
        var loader = new FakeModelLoader();
        using var cache = CreateCache(models: 2, budget: 1000, loader, "Cloud");

        Assert.Equal(CacheOutcome.Offload, (await cache.AcquireAsync("m0", true, 0, 0, CancellationToken.None)).Outcome);
        Assert.False(loader.Loads.ContainsKey("m0"));
        var forced = await cache.AcquireAsync("m0", false, 0, 0, CancellationToken.None);
        Assert.Equal(CacheOutcome.Leased, forced.Outcome);
        forced.Lease!.Dispose();
    }

    [Fact]
    public async Task Least_context_keeps_a_model_with_valuable_context_and_offloads_a_one_off_request()
    {
        var loader = new FakeModelLoader();
        using var cache = CreateCache(models: 2, budget: 100, loader, "LC");
        var lease = (await cache.AcquireAsync("m0", true, 0.2, 10, CancellationToken.None)).Lease!;
        lease.Dispose();
        cache.RecordDemonstration("m0", 0.2, 10);
        cache.RecordDemonstration("m0", 0.2, 10);

        var other = await cache.AcquireAsync("m1", true, 0.2, 10, CancellationToken.None);

        Assert.Equal(CacheOutcome.Offload, other.Outcome);
        Assert.Equal(ModelState.Loaded, cache.Describe("m0").State);
        Assert.True(cache.Describe("m0").ContextValue > 1.5);
    }

    public void Dispose() => _directory.Dispose();

    private ModelCache CreateCache(int models, long budget, FakeModelLoader loader, string policy = "LRU", int roomWaitMs = 10_000)
    {
        for (var i = 0; i < models; i++)
        {
            File.WriteAllBytes(_directory.File($"m{i}.gguf"), [0]);
        }

        return new ModelCache(ModelDirectory.Scan(_directory.Path), loader, new CachePolicySettings { Policy = policy, Seed = 1, RoomWait = TimeSpan.FromMilliseconds(roomWaitMs) }, budget, new GatewayMetrics(), TimeProvider.System);
    }
}
