using EdgeFM.Core.Models;
using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Catalog;
using EdgeFM.Gateway.Tests.Support;

namespace EdgeFM.Gateway.Tests.Cache;

/// <summary>Child entries (LoRA adapters and the like): their own bytes under the budget, never without their base, evicted with it.</summary>
public sealed class ChildEntryTests
{
    [Fact]
    public async Task A_child_needs_its_loaded_parent_holds_it_while_leased_and_is_evicted_with_it()
    {
        var loader = new FakeModelLoader { BytesPerModel = 100 };
        using var harness = new CacheHarness(models: 2, budget: 250, loader);
        var cache = harness.Cache;
        var parentBackends = new List<ModelBackend>();
        Assert.True(cache.RegisterChild(Child("m0:a"), "m0", 40, (parent, _) =>
        {
            parentBackends.Add(parent);
            return Task.FromResult(new ModelBackend(parent.Client, 40, owner: null));
        }));

        Assert.Equal(CacheOutcome.ParentNotLoaded, (await cache.AcquireAsync("m0:a", [], CancellationToken.None)).Outcome);
        (await cache.AcquireAsync("m0", [], CancellationToken.None)).Lease!.Dispose();
        var child = (await cache.AcquireAsync("m0:a", [], CancellationToken.None)).Lease!;

        Assert.Single(parentBackends);
        Assert.Equal(140, cache.UsedBytes);
        Assert.Equal(1, cache.Describe("m0").InFlight);
        Assert.Equal("m0", cache.Describe("m0:a").Parent);
        Assert.Equal(140, Assert.Single(cache.Residency().Resident).Bytes);
        Assert.False(cache.Residency().Resident[0].Evictable);

        // The base cannot be evicted while its adapter serves; once it is released, evicting the base takes the adapter.
        Assert.Equal(CacheOutcome.Conflict, (await cache.AcquireAsync("m1", [new ModelId("m0")], CancellationToken.None)).Outcome);
        child.Dispose();
        Assert.Equal(0, cache.Describe("m0").InFlight);
        var other = await cache.AcquireAsync("m1", [new ModelId("m0")], CancellationToken.None);

        Assert.Equal(CacheOutcome.Leased, other.Outcome);
        other.Lease!.Dispose();
        Assert.Equal(ModelState.Unloaded, cache.Describe("m0").State);
        Assert.Equal(ModelState.Unloaded, cache.Describe("m0:a").State);
        Assert.Equal(100, cache.UsedBytes);
        Assert.Equal(1, harness.Metrics.Evictions.Value("m0:a", "base model evicted"));
    }

    [Fact]
    public async Task Unloading_a_base_unloads_its_children_and_a_child_can_be_unloaded_alone()
    {
        using var harness = new CacheHarness(models: 1, budget: 1000, new FakeModelLoader());
        var cache = harness.Cache;
        cache.RegisterChild(Child("m0:a"), "m0", 10, (parent, _) => Task.FromResult(new ModelBackend(parent.Client, 10, owner: null)));
        cache.RegisterChild(Child("m0:b"), "m0", 20, (parent, _) => Task.FromResult(new ModelBackend(parent.Client, 20, owner: null)));
        (await cache.AcquireAsync("m0", [], CancellationToken.None)).Lease!.Dispose();
        (await cache.AcquireAsync("m0:a", [], CancellationToken.None)).Lease!.Dispose();
        (await cache.AcquireAsync("m0:b", [], CancellationToken.None)).Lease!.Dispose();
        Assert.Equal(130, cache.UsedBytes);

        Assert.Null(cache.Unload("m0:b"));
        Assert.Equal(110, cache.UsedBytes);
        Assert.Equal(ModelState.Loaded, cache.Describe("m0").State);
        Assert.Null(cache.Unload("m0"));

        Assert.Equal(0, cache.UsedBytes);
        Assert.All(cache.Snapshot(), m => Assert.Equal(ModelState.Unloaded, m.State));
        Assert.Equal(["m0", "m0:a", "m0:b"], cache.Snapshot().Select(m => m.Id));
    }

    [Fact]
    public void A_child_of_a_child_or_of_an_unknown_model_is_refused()
    {
        using var harness = new CacheHarness(models: 1, budget: 1000, new FakeModelLoader());
        var cache = harness.Cache;
        Task<ModelBackend> Load(ModelBackend parent, CancellationToken _) => Task.FromResult(new ModelBackend(parent.Client, 1, owner: null));
        cache.RegisterChild(Child("m0:a"), "m0", 1, Load);

        Assert.False(cache.RegisterChild(Child("m0:a"), "m0", 1, Load));
        Assert.Throws<ArgumentException>(() => cache.RegisterChild(Child("m0:a:b"), "m0:a", 1, Load));
        Assert.Throws<KeyNotFoundException>(() => cache.RegisterChild(Child("x:a"), "x", 1, Load));
    }

    [Fact]
    public async Task A_base_is_not_evictable_while_one_of_its_children_loads()
    {
        using var harness = new CacheHarness(models: 2, budget: 250, new FakeModelLoader { BytesPerModel = 100 });
        var cache = harness.Cache;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cache.RegisterChild(Child("m0:a"), "m0", 40, async (parent, _) =>
        {
            await gate.Task;
            return new ModelBackend(parent.Client, 40, owner: null);
        });
        (await cache.AcquireAsync("m0", [], CancellationToken.None)).Lease!.Dispose();

        var child = cache.AcquireAsync("m0:a", [], CancellationToken.None);
        Assert.Equal(ModelState.Loading, cache.Describe("m0:a").State);
        Assert.False(Assert.Single(cache.Residency().Resident).Evictable);
        Assert.Equal(CacheOutcome.Conflict, (await cache.AcquireAsync("m1", [new ModelId("m0")], CancellationToken.None)).Outcome);
        gate.SetResult();
        (await child).Lease!.Dispose();

        Assert.True(Assert.Single(cache.Residency().Resident).Evictable);
    }

    [Fact]
    public async Task An_idle_child_may_be_a_victim_but_not_the_requested_childs_parent_nor_a_child_listed_with_its_parent()
    {
        using var harness = new CacheHarness(models: 2, budget: 150, new FakeModelLoader { BytesPerModel = 100 });
        var cache = harness.Cache;
        Task<ModelBackend> Load(ModelBackend parent, CancellationToken _) => Task.FromResult(new ModelBackend(parent.Client, 30, owner: null));
        cache.RegisterChild(Child("m0:a"), "m0", 30, Load);
        cache.RegisterChild(Child("m0:b"), "m0", 30, Load);
        (await cache.AcquireAsync("m0", [], CancellationToken.None)).Lease!.Dispose();
        (await cache.AcquireAsync("m0:a", [], CancellationToken.None)).Lease!.Dispose();

        Assert.Equal(CacheOutcome.Conflict, (await cache.AcquireAsync("m0:b", [], CancellationToken.None)).Outcome);
        Assert.Equal(CacheOutcome.Conflict, (await cache.AcquireAsync("m0:b", [new ModelId("m0")], CancellationToken.None)).Outcome);
        Assert.Equal(CacheOutcome.Conflict, (await cache.AcquireAsync("m1", [new ModelId("m0"), new ModelId("m0:a")], CancellationToken.None)).Outcome);
        var b = await cache.AcquireAsync("m0:b", [new ModelId("m0:a")], CancellationToken.None);

        Assert.Equal(CacheOutcome.Leased, b.Outcome);
        b.Lease!.Dispose();
        Assert.Equal(ModelState.Unloaded, cache.Describe("m0:a").State);
        Assert.Equal(ModelState.Loaded, cache.Describe("m0").State);
        Assert.Equal(130, cache.UsedBytes);
        Assert.Equal(1, harness.Metrics.Evictions.Value("m0:a", "policy"));
    }

    // Adapters have files of their own; a child here points at a placeholder that never changes.
    private static ModelEntry Child(string id) => new(id, typeof(ChildEntryTests).Assembly.Location, ModelFormat.Gguf, null, 0);
}
