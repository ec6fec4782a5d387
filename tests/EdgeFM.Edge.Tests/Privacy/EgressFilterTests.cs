using EdgeFM.Core.Models;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Location;
using EdgeFM.Edge.Privacy;
using EdgeFM.Edge.Prompting;

namespace EdgeFM.Edge.Tests.Privacy;

public sealed class EgressFilterTests
{
    private static readonly EgressContext Nothing = new();

    [Theory]
    [InlineData("meet me at 48.8566, 2.3522 tonight", "meet me at [removed] tonight")]
    [InlineData("meet me at 48.85 2.35", "meet me at [removed]")]
    [InlineData("pos 48.9N, 2.4E", "pos [removed]")]
    [InlineData("at 48°51'24\"N 2°21'08\"E", "at [removed] [removed]")]
    [InlineData("at 48° 51.4′ N", "at [removed]")]
    [InlineData("at 48 51 24 N", "at [removed]")]
    [InlineData("lat=48.8566&lon=2.3522", "[removed]&[removed]")]
    [InlineData("Latitude: -33.87, longitude: 151.21", "[removed], [removed]")]
    [InlineData("somewhere near 48.857", "somewhere near [removed]")]
    [InlineData("somewhere near 48,8566", "somewhere near [removed]")]
    [InlineData("bring 3 apples and 2.5 litres, 12 people", "bring 3 apples and 2.5 litres, 12 people")]
    [InlineData("The local time is Thursday 3 December 2026, 13:00 (UTC+01:00).", "The local time is Thursday 3 December 2026, 13:00 (UTC+01:00).")]
    public void Coordinates_in_any_notation_are_removed_and_ordinary_numbers_kept(string text, string expected) =>
        Assert.Equal(expected, EgressFilter.Instance.Filter(text, Nothing).Text);

    [Fact]
    public void A_number_near_the_requests_own_point_is_removed_at_any_precision()
    {
        var context = new EgressContext { Location = new GeoPoint(48.8566, 2.3522) };
        var result = EgressFilter.Instance.Filter("roughly 48.9 by 2.3, bring 7.5 euros", context);
        Assert.Equal("roughly [removed] by [removed], bring 7.5 euros", result.Text);
        Assert.Equal(2, result.CoordinatesRemoved);
    }

    [Fact]
    public void User_ids_are_removed_as_whole_words_ignoring_case()
    {
        var context = new EgressContext { UserIds = [new UserId("alice-42"), new UserId("bob")] };
        var result = EgressFilter.Instance.Filter("I am ALICE-42, friend of bob and bobby.", context);
        Assert.Equal("I am [removed], friend of [removed] and bobby.", result.Text);
        Assert.Equal(2, result.UserIdsRemoved);
    }

    [Fact]
    public void Runs_of_other_users_demonstrations_are_removed_unless_the_request_owns_them()
    {
        var bobs = new StoredDemonstration(1, new ModelId("m"), new UserId("bob"), true, "food", DateTimeOffset.UnixEpoch,
            "Where can I eat?", "Where can I eat? I am near Paris, France. I am allergic to peanuts and travel with my daughter.");
        var context = new EgressContext
        {
            ForeignDemonstrations = [bobs],
            OwnTexts = ["Where can I eat? I am near Paris, France."],
        };
        var result = EgressFilter.Instance.Filter("Where can I eat? I am near Paris, France, and I am allergic to peanuts and travel with my daughter.", context);
        Assert.Equal("Where can I eat? I am near Paris, France, and [removed].", result.Text);
        Assert.Equal(1, result.DemonstrationSpansRemoved);
    }

    [Fact]
    public void A_forced_fact_survives_a_copied_run_of_another_users_demonstration_that_runs_into_it()
    {
        // The edge model copied bob's connector after alice's place; the 6-word runs that carry it reach into both facts.
        var bobs = new StoredDemonstration(1, new ModelId("m"), new UserId("bob"), true, "food", DateTimeOffset.UnixEpoch,
            "Find a gym.", "Find a gym. I am near Cairo, Egypt, with my dog and my two cats. The local time is Thursday 12 November 2026, 14:49 (UTC+02:00).");
        const string Place = "Cairo, Egypt";
        const string Time = "Thursday 12 November 2026, 18:05 (UTC+02:00)";
        var completion = new PromptCompletion(
            "Where can I eat? I am near Cairo, Egypt, with my dog and my two cats. The local time is Thursday 12 November 2026, 18:05 (UTC+02:00).",
            [
                new(PromptSegmentKind.Request, "Where can I eat?"),
                new(PromptSegmentKind.Template, " I am near "),
                new(PromptSegmentKind.Fact, Place),
                new(PromptSegmentKind.Connector, ", with my dog and my two cats"),
                new(PromptSegmentKind.Template, "."),
                new(PromptSegmentKind.Template, " The local time is "),
                new(PromptSegmentKind.Fact, Time),
                new(PromptSegmentKind.Template, "."),
            ],
            [new(LocationFactKind.Place, Place), new(LocationFactKind.LocalTime, Time)],
            [bobs],
            100,
            8);
        Assert.Equal(completion.Text, string.Concat(completion.Segments.Select(s => s.Text)));
        var request = new NetGptRequest("Where can I eat?", new UserId("alice"), new LocationQuery(new GeoPoint(30.04, 31.24)), "food");

        var result = EgressFilter.Instance.Filter(completion.Text, NetGptCompletion.EgressContextFor(request, completion));

        Assert.Equal("Where can I eat? I am near Cairo, Egypt, [removed]. The local time is Thursday 12 November 2026, 18:05 (UTC+02:00).", result.Text);
        Assert.Equal(1, result.DemonstrationSpansRemoved);

        // Without the request's own spans (the filter knows only the foreign demonstration) the whole run goes, facts included.
        var blind = EgressFilter.Instance.Filter(completion.Text, new EgressContext { ForeignDemonstrations = [bobs] });
        Assert.DoesNotContain(Place, blind.Text, StringComparison.Ordinal);
    }
}
