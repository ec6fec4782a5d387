using EdgeFM.Core.Models;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.TestSupport;

namespace EdgeFM.Edge.Tests.Demonstrations;

public sealed class DemonstrationContextTests : IDisposable
{
    private static readonly ModelId Model = new("stories260K");
    private readonly TempDirectory _directory = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Recorded_requests_become_demonstrations_whose_value_decays()
    {
        await using var store = DemonstrationStore.Open(_directory.File("demos.db"));
        var context = new DemonstrationContext(store, _clock, new DemonstrationContextOptions { FreshnessWindow = TimeSpan.FromHours(2) });
        var alice = new UserId("alice");
        Assert.True(context.Record(Model, alice, shareable: false, "food", "vegetarian dinner near the stadium", "Try the Gate C food court."));
        Assert.True(context.Record(Model, alice, shareable: false, "transport", "last metro home", "The metro runs until 01:15."));
        await store.FlushAsync();

        var request = new DemonstrationRequest(alice, "vegetarian lunch near the stadium", "food");
        var now = context.Select(Model, request, k: 3, tokenBudget: 1000, d => d.Prompt.Length);
        Assert.Equal("vegetarian dinner near the stadium", now.Chosen[0].Demonstration.Prompt);
        Assert.Equal(now.ContextValue, context.Value(Model, request), 12);

        var snapshot = context.Snapshot(Model);
        Assert.Equal((2, 2.0), (snapshot.Count, snapshot.TotalValue));

        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(now.ContextValue / 2, context.Value(Model, request), 9);
        Assert.Equal(1.0, context.Snapshot(Model).TotalValue, 9);
        Assert.Equal(1.0, context.TotalValue(Model), 9);

        _clock.Advance(TimeSpan.FromHours(1.5));
        Assert.Equal(0, context.Value(Model, request));
        Assert.Empty(context.Select(Model, request, k: 3, tokenBudget: 1000, d => 1).Chosen);

        Assert.Equal(0, context.Value(Model, request with { User = new UserId("bob") }));
        Assert.Equal(2, await context.ClearAsync(Model));
        Assert.Equal(0, context.Snapshot(Model).Count);
    }

    [Fact]
    public async Task A_value_since_an_instant_counts_only_the_demonstrations_made_from_it_within_the_window()
    {
        await using var store = DemonstrationStore.Open(_directory.File("since.db"));
        var context = new DemonstrationContext(store, _clock, new DemonstrationContextOptions { FreshnessWindow = TimeSpan.FromHours(2) });
        var alice = new UserId("alice");
        var request = new DemonstrationRequest(alice, "vegetarian dinner near the stadium", "food");
        Assert.True(context.Record(Model, alice, shareable: false, "food", "vegetarian dinner near the stadium", "Gate C."));
        await store.FlushAsync();
        var loaded = _clock.GetUtcNow() + TimeSpan.FromMinutes(30);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.True(context.Record(Model, alice, shareable: false, "food", "vegetarian dinner near the stadium", "Gate D."));
        await store.FlushAsync();

        // Both count without a start (halved and new); from the load on only the new one does.
        Assert.Equal(1.5, context.Value(Model, request), 9);
        Assert.Equal(1.0, context.Value(Model, request, since: loaded), 9);
        Assert.Equal(1.5, context.Value(Model, request, since: loaded - TimeSpan.FromDays(1)), 9);
        Assert.Equal(0, context.Value(Model, request, since: _clock.GetUtcNow() + TimeSpan.FromSeconds(1)));
    }
}
