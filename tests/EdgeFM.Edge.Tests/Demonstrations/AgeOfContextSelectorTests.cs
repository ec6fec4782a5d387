using EdgeFM.Core.Context;
using EdgeFM.Edge.Demonstrations;

namespace EdgeFM.Edge.Tests.Demonstrations;

public sealed class AgeOfContextSelectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly AgeOfContextSelector Selector = new(new LinearFreshness(TimeSpan.FromHours(10).TotalSeconds));
    private static readonly DemonstrationRequest Alice = new(new UserId("alice"), "vegetarian dinner near the stadium", "food");

    private static StoredDemonstration Demo(string prompt, double hoursAgo, string user = "alice", bool shareable = false, string topic = "food") =>
        DemonstrationStoreTests.Demo(user, prompt, shareable, Now.AddHours(-hoursAgo), topic);

    [Fact]
    public void Score_is_freshness_times_relevance()
    {
        var fresh = Demo("vegetarian dinner near the stadium", 0);
        var older = Demo("vegetarian dinner near the stadium", 5);
        var stale = Demo("vegetarian dinner near the stadium", 11);
        var scored = Selector.Score(Alice, [stale, older, fresh], Now);
        Assert.Equal([fresh, older, stale], scored.Select(s => s.Demonstration));
        Assert.Equal(1, scored[0].Relevance, 9);
        Assert.Equal(1, scored[0].Score, 9);
        Assert.Equal(0.5, scored[1].Freshness, 9);
        Assert.Equal(scored[1].Freshness * scored[1].Relevance, scored[1].Score, 12);
        Assert.Equal(0, scored[2].Score);
    }

    [Fact]
    public void Relevant_beats_irrelevant_of_the_same_age()
    {
        var relevant = Demo("vegetarian restaurant for dinner", 1);
        var irrelevant = Demo("train times to the airport", 1, topic: "transport");
        var selection = Selector.Select(Alice, [irrelevant, relevant], Now, k: 1, tokenBudget: 1000, d => 10);
        Assert.Equal(relevant, Assert.Single(selection.Chosen).Demonstration);
    }

    [Fact]
    public void Other_users_private_demonstrations_are_never_chosen_even_if_passed_in()
    {
        var bobs = Demo("vegetarian dinner near the stadium", 0, user: "bob");
        var bobsShared = Demo("vegetarian dinner near the stadium tonight", 0, user: "bob", shareable: true);
        var selection = Selector.Select(Alice, [bobs, bobsShared], Now, k: 5, tokenBudget: 1000, d => 10);
        Assert.Equal([bobsShared], selection.Chosen.Select(s => s.Demonstration));
        Assert.Equal(selection.Chosen[0].Score, selection.ContextValue, 12);
    }

    [Fact]
    public void K_and_the_token_budget_bound_the_choice_and_smaller_ones_fill_the_rest()
    {
        var big = Demo("vegetarian dinner near the stadium", 0);
        var medium = Demo("vegetarian dinner tonight", 0);
        var small = Demo("dinner near the stadium", 1);
        var costs = new Dictionary<StoredDemonstration, int> { [big] = 80, [medium] = 30, [small] = 20 };
        var selection = Selector.Select(Alice, [big, medium, small], Now, k: 2, tokenBudget: 60, d => costs[d]);
        Assert.Equal([medium, small], selection.Chosen.Select(s => s.Demonstration).OrderByDescending(d => d.Time));
        Assert.Equal(50, selection.Tokens);
        Assert.Empty(Selector.Select(Alice, [big, medium, small], Now, k: 0, tokenBudget: 60, d => costs[d]).Chosen);
    }

    [Fact]
    public void The_users_own_demonstration_outranks_an_equally_worded_one_of_another_user()
    {
        var bobs = Demo("vegetarian dinner near the stadium", 0, user: "bob", shareable: true);
        var own = Demo("vegetarian dinner near the stadium", 0);
        var scored = Selector.Score(Alice, [bobs, own], Now);
        Assert.Equal([own, bobs], scored.Select(s => s.Demonstration));
        Assert.Equal(1, scored[0].Relevance, 9);
        Assert.Equal(AgeOfContextSelector.DefaultOtherUserAffinity, scored[1].Relevance, 9);
        Assert.Equal(own, Assert.Single(Selector.Select(Alice, [bobs, own], Now, k: 1, tokenBudget: 1000, d => 10).Chosen).Demonstration);
    }

    [Fact]
    public void Other_users_demonstrations_weigh_the_affinity_and_affinity_one_is_lexical_only()
    {
        var bobs = Demo("vegetarian dinner near the stadium", 0, user: "bob", shareable: true);
        var own = Demo("vegetarian dinner near the stadium", 0);
        var lexicalOnly = new AgeOfContextSelector(Selector.Freshness, otherUserAffinity: 1);
        Assert.All(lexicalOnly.Score(Alice, [bobs, own], Now), s => Assert.Equal(1, s.Score, 9));
        var half = new AgeOfContextSelector(Selector.Freshness, otherUserAffinity: 0.5);
        Assert.Equal(0.5, half.Score(Alice, [bobs], Now)[0].Score, 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AgeOfContextSelector(Selector.Freshness, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AgeOfContextSelector(Selector.Freshness, double.NaN));
    }

    [Fact]
    public void A_much_better_worded_demonstration_of_another_user_can_still_win()
    {
        // Affinity weighs, it does not filter: an own request on another subject loses to a shared exact match.
        var bobs = Demo("vegetarian dinner near the stadium", 0, user: "bob", shareable: true);
        var ownOffTopic = Demo("train times to the airport", 0, topic: "transport");
        Assert.Equal(bobs, Selector.Select(Alice, [ownOffTopic, bobs], Now, k: 1, tokenBudget: 1000, d => 10).Chosen[0].Demonstration);
    }

    [Fact]
    public void A_demonstration_from_the_future_counts_as_new() =>
        Assert.Equal(1, Selector.Score(Alice, [Demo("vegetarian dinner near the stadium", -2)], Now)[0].Freshness);
}
