using EdgeFM.Core.Models;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Tests.Support;

namespace EdgeFM.Gateway.Tests.Cache;

public sealed class LiveModelCacheTests
{
    [Fact]
    public async Task Stress_never_exceeds_the_budget_never_double_loads_and_completes_every_request()
    {
        var loader = new FakeModelLoader { BytesPerModel = 100, LoadDelay = TimeSpan.FromMilliseconds(3) };
        using var harness = new CacheHarness(models: 8, budget: 300, loader);
        var cache = harness.Cache;
        var random = new Random(42);
        var requests = Enumerable.Range(0, 400).Select(_ => $"m{random.Next(8)}").ToList();
        var violations = 0;
        var completed = 0;

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (model, ct) =>
        {
            var acquisition = await harness.AcquireLruAsync(model, ct);
            Assert.Equal(CacheOutcome.Leased, acquisition.Outcome);
            using (acquisition.Lease)
            {
                if (cache.UsedBytes > 300 || loader.LiveBytes > 300)
                {
                    Interlocked.Increment(ref violations);
                }

                await Task.Yield();
            }

            Interlocked.Increment(ref completed);
        });

        Assert.Equal(0, violations);
        Assert.True(loader.PeakBytes <= 300, $"peak {loader.PeakBytes} bytes over a 300-byte budget");
        Assert.Equal(1, loader.MaxConcurrentLoadsOfOneModel);
        Assert.Equal(requests.Count, completed);
        Assert.All(cache.Snapshot(), m => Assert.Equal(0, m.InFlight));
        Assert.Equal(cache.Snapshot().Where(m => m.State == ModelState.Loaded).Sum(m => m.Bytes), cache.UsedBytes);
        Assert.Equal(loader.LiveBytes, cache.UsedBytes);
    }

    [Fact]
    public async Task Concurrent_requests_for_a_loading_model_wait_for_one_load()
    {
        var loader = new FakeModelLoader { LoadDelay = TimeSpan.FromMilliseconds(100) };
        using var harness = new CacheHarness(models: 2, budget: 1000, loader);

        var acquisitions = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => harness.Cache.AcquireAsync("m0", [], CancellationToken.None)));

        Assert.Equal(1, loader.Loads["m0"]);
        Assert.All(acquisitions, a => Assert.NotNull(a.Lease));
        Assert.Equal(20, harness.Cache.Describe("m0").InFlight);
        Assert.All(acquisitions, a => Assert.False(a.Lease!.WasHit));
        foreach (var a in acquisitions)
        {
            a.Lease!.Dispose();
        }

        Assert.Equal(0, harness.Cache.Describe("m0").InFlight);
    }

    [Fact]
    public async Task A_waiter_that_gives_up_does_not_leak_its_lease()
    {
        var loader = new FakeModelLoader { LoadDelay = TimeSpan.FromMilliseconds(200) };
        using var harness = new CacheHarness(models: 1, budget: 1000, loader);
        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));

        var patient = harness.Cache.AcquireAsync("m0", [], CancellationToken.None);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Cache.AcquireAsync("m0", [], impatient.Token));
        (await patient).Lease!.Dispose();

        Assert.Equal(0, harness.Cache.Describe("m0").InFlight);
        Assert.Null(harness.Cache.Unload("m0"));
    }

    [Fact]
    public async Task A_plan_that_names_a_leased_or_pinned_victim_is_a_conflict_and_changes_nothing()
    {
        using var harness = new CacheHarness(models: 4, budget: 200, new FakeModelLoader());
        var cache = harness.Cache;
        (await cache.AcquireAsync("m0", [], CancellationToken.None)).Lease!.Dispose();
        Assert.True(cache.Pin("m0"));
        var held = (await cache.AcquireAsync("m1", [], CancellationToken.None)).Lease!;

        Assert.Equal(CacheOutcome.Conflict, (await cache.AcquireAsync("m2", [new ModelId("m0")], CancellationToken.None)).Outcome);
        Assert.Equal(CacheOutcome.Conflict, (await cache.AcquireAsync("m2", [new ModelId("m1")], CancellationToken.None)).Outcome);
        Assert.Equal(CacheOutcome.Conflict, (await cache.AcquireAsync("m2", [], CancellationToken.None)).Outcome);
        Assert.Equal(ModelState.Loaded, cache.Describe("m0").State);
        Assert.Equal(ModelState.Loaded, cache.Describe("m1").State);
        Assert.Equal(ModelState.Unloaded, cache.Describe("m2").State);

        held.Dispose();
        var fourth = await cache.AcquireAsync("m2", [new ModelId("m1")], CancellationToken.None);
        Assert.Equal(CacheOutcome.Leased, fourth.Outcome);
        fourth.Lease!.Dispose();
        Assert.Equal(ModelState.Unloaded, cache.Describe("m1").State);
        Assert.Equal(ModelState.Loaded, cache.Describe("m0").State);
    }

    [Fact]
    public async Task Victims_that_do_not_free_enough_room_are_a_conflict()
    {
        using var harness = new CacheHarness(models: 3, budget: 250, new FakeModelLoader { BytesOf = id => id == "m2" ? 200 : 100 });
        var cache = harness.Cache;
        (await cache.AcquireAsync("m0", [], CancellationToken.None)).Lease!.Dispose();
        (await cache.AcquireAsync("m1", [], CancellationToken.None)).Lease!.Dispose();

        Assert.Equal(CacheOutcome.Conflict, (await cache.AcquireAsync("m2", [new ModelId("m0")], CancellationToken.None)).Outcome);
        var both = await cache.AcquireAsync("m2", [new ModelId("m0"), new ModelId("m1")], CancellationToken.None);

        Assert.Equal(CacheOutcome.Leased, both.Outcome);
        both.Lease!.Dispose();
        Assert.Equal(200, cache.UsedBytes);
    }

    [Fact]
    public async Task A_model_larger_than_the_budget_is_too_large()
    {
        using var harness = new CacheHarness(models: 1, budget: 50, new FakeModelLoader { BytesPerModel = 100 });
        Assert.Equal(CacheOutcome.TooLarge, (await harness.Cache.AcquireAsync("m0", [], CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Residency_lists_models_in_load_order_and_an_eviction_moves_the_last_into_the_freed_place()
    {
        using var harness = new CacheHarness(models: 4, budget: 300, new FakeModelLoader());
        var cache = harness.Cache;
        foreach (var id in new[] { "m2", "m0", "m1" })
        {
            (await cache.AcquireAsync(id, [], CancellationToken.None)).Lease!.Dispose();
        }

        Assert.Equal(["m2", "m0", "m1"], cache.Residency().Resident.Select(r => r.Id));
        (await cache.AcquireAsync("m3", [new ModelId("m2")], CancellationToken.None)).Lease!.Dispose();

        // As in the simulator's cache: m1 takes m2's place, m3 goes last.
        Assert.Equal(["m1", "m0", "m3"], cache.Residency().Resident.Select(r => r.Id));
    }

    [Fact]
    public async Task Evicting_or_loading_a_model_reports_its_context_lost()
    {
        var lost = new List<string>();
        using var harness = new CacheHarness(models: 2, budget: 100, new FakeModelLoader(), contextLost: lost.Add);
        var cache = harness.Cache;
        (await cache.AcquireAsync("m0", [], CancellationToken.None)).Lease!.Dispose();
        (await cache.AcquireAsync("m1", [new ModelId("m0")], CancellationToken.None)).Lease!.Dispose();

        Assert.Equal(["m0", "m0", "m1"], lost);
        Assert.Equal(1, harness.Metrics.Evictions.Value("m0", "policy"));
    }
}
