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

        _clock.Advance(TimeSpan.FromHours(1.5));
        Assert.Equal(0, context.Value(Model, request));
        Assert.Empty(context.Select(Model, request, k: 3, tokenBudget: 1000, d => 1).Chosen);

        Assert.Equal(0, context.Value(Model, request with { User = new UserId("bob") }));
        Assert.Equal(2, await context.ClearAsync(Model));
        Assert.Equal(0, context.Snapshot(Model).Count);
    }
}
