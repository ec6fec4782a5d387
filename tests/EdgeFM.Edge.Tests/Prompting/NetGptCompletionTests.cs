using EdgeFM.Core.Models;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Location;
using EdgeFM.Edge.Prompting;
using EdgeFM.Edge.Tests.Privacy;
using EdgeFM.TestSupport;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeFM.Edge.Tests.Prompting;

/// <summary>The whole edge stage over property-generated requests; a fake cloud records exactly what it receives.</summary>
public sealed class NetGptCompletionTests : IAsyncLifetime
{
    private static readonly ModelId Edge = new("stories260K");
    private static readonly DateTimeOffset Noon = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly ManualClock _clock = new(Noon);
    private DemonstrationStore? _store;

    public async Task InitializeAsync()
    {
        _store = DemonstrationStore.Open(_directory.File("demos.db"));
        _store.TryRecord(new StoredDemonstration(0, Edge, new UserId("bob-7"), true, "food", Noon.AddMinutes(-10),
            "where can I eat dinner tonight", "where can I eat dinner tonight. I am bob-7 and my flat is above the blue bakery on the corner at 48.8601, 2.3411."));
        _store.TryRecord(new StoredDemonstration(0, Edge, new UserId("carol"), false, "food", Noon.AddMinutes(-5),
            "where can I eat dinner tonight", "where can I eat dinner tonight. Carol keeps her spare key under the red flower pot."));
        await _store.FlushAsync();
    }

    public async Task DisposeAsync()
    {
        await _store!.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public void Nothing_sensitive_reaches_the_cloud()
    {
        var stage = new NetGptCompletion(
            new GazetteerLocationProvider(RepositoryData.Gazetteer, null, _clock),
            new PromptCompleter(EdgeModel.Stories260K, new PromptCompletionOptions { Temperature = 1, ConnectorMinTokens = 2 }),
            new DemonstrationContext(_store!, _clock));
        var cloud = new List<string>();
        var requests =
            from p in EgressProperties.Points
            from user in Gen.Choose(1, 99_999)
            from mention in Gen.Choose(0, 3)
            from decimals in Gen.Choose(2, 6)
            select (p, user: new UserId($"alice-{user}"), mention, decimals);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), Prop.ForAll(requests.ToArbitrary(), r =>
        {
            var prompt = r.mention switch
            {
                0 => "where can I eat dinner tonight",
                1 => $"where can I eat dinner tonight, I am at {EgressProperties.Render(r.p, 0, r.decimals)}",
                2 => $"I am {r.user.Value}, where can I eat dinner tonight",
                _ => $"where can I eat dinner tonight near {EgressProperties.Render(r.p, 3, 0)}",
            };
            var result = stage.Complete(Edge, new NetGptRequest(prompt, r.user, new LocationQuery(r.p), "food"));
            cloud.Add(result.Outgoing);
            var sent = cloud[^1];
            Assert.False(EgressProperties.LeaksPoint(sent, r.p, 0.05), $"coordinates of {r.p} in: {sent}");
            foreach (var secret in new[] { r.user.Value, "bob-7", "blue bakery", "48.8601", "flower pot" })
            {
                Assert.False(sent.Contains(secret, StringComparison.OrdinalIgnoreCase), $"'{secret}' in: {sent}");
            }

            Assert.Contains("I am near " + result.Location.CoarsePlace, sent, StringComparison.Ordinal);
            Assert.All(result.Selection.Chosen, s => Assert.True(s.Demonstration.User == r.user || s.Demonstration.Shareable));
        }));
        Assert.Equal(25, cloud.Count);
    }

    [Fact]
    public void The_users_own_and_shareable_demonstrations_are_chosen_and_reported()
    {
        var stage = new NetGptCompletion(new GazetteerLocationProvider(RepositoryData.Gazetteer, null, _clock), new PromptCompleter(EdgeModel.Stories260K), new DemonstrationContext(_store!, _clock));
        var result = stage.Complete(Edge, new NetGptRequest("where can I eat dinner tonight", new UserId("dave"), new LocationQuery(new GeoPoint(48.86, 2.34)), "food"));
        var chosen = Assert.Single(result.Selection.Chosen);
        Assert.Equal("bob-7", chosen.Demonstration.User.Value);
        Assert.Equal([chosen.Demonstration], result.Completion.Demonstrations);
        Assert.StartsWith("where can I eat dinner tonight I am near Paris, France", result.Outgoing, StringComparison.Ordinal);
    }
}
