using EdgeFM.Core.Models;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Location;
using EdgeFM.Edge.Prompting;

namespace EdgeFM.Edge.Tests.Prompting;

public sealed class PromptCompleterTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly PromptCompleter Completer = new(EdgeModel.Stories260K);

    private static LocationContext Stadium() =>
        new GazetteerLocationProvider(
            RepositoryData.Gazetteer,
            SiteCatalog.Parse("sites:\n  - id: stadium\n    name: North Stadium\n    at: { lat: 48.9245, lon: 2.3602 }\n    venues: [Gate C food court]\n", "sites.yaml"),
            new ManualClock(Noon))
        .Resolve(new LocationQuery(new GeoPoint(48.9245, 2.3602)));

    [Fact]
    public void The_completed_prompt_carries_every_fact_verbatim_in_order_after_the_request()
    {
        var location = Stadium();
        var completion = Completer.Complete("Where can I eat?", location, []);

        Assert.StartsWith("Where can I eat? I am near Paris, France", completion.Text, StringComparison.Ordinal);
        var at = 0;
        foreach (var fact in PromptTemplate.CarriedFacts(location))
        {
            var found = completion.Text.IndexOf(PromptTemplate.LeadIn(fact.Kind) + fact.Text, at, StringComparison.Ordinal);
            Assert.True(found >= at, $"'{fact.Text}' is missing or out of order in: {completion.Text}");
            at = found;
        }

        Assert.Equal(completion.Text, string.Concat(completion.Segments.Select(s => s.Text)));
        Assert.Equal(["Paris, France", "Thursday 3 December 2026, 13:00 (UTC+01:00)", "North Stadium", "Gate C food court"], completion.Facts.Select(f => f.Text), StringComparer.Ordinal);
        Assert.EndsWith(".", completion.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Sampled_connectors_hold_no_digits_and_no_sentence_end(int seed)
    {
        // Hot sampling with a minimum length makes the model write, so the digit mask is what keeps numbers out.
        var completer = new PromptCompleter(EdgeModel.Stories260K, new PromptCompletionOptions { Temperature = 1.5f, Seed = seed, ConnectorMinTokens = 3, ConnectorMaxTokens = 8 });
        var location = Stadium();
        var completion = completer.Complete("Tell me a story about the park at 5 pm", location, []);
        var connectors = completion.Segments.Where(s => s.Kind == PromptSegmentKind.Connector).Select(s => s.Text).ToArray();
        Assert.Equal(PromptTemplate.CarriedFacts(location).Count, connectors.Length);
        Assert.All(connectors, c => Assert.DoesNotMatch(@"[0-9.!?\n\r]", c));
        Assert.InRange(completion.GeneratedTokens, 3 * connectors.Length, 8 * connectors.Length);
    }

    [Fact]
    public void Greedy_completion_is_deterministic() =>
        Assert.Equal(Completer.Complete("Where can I eat?", Stadium(), []).Text, Completer.Complete("Where can I eat?", Stadium(), []).Text);

    [Fact]
    public void Without_facts_the_completed_prompt_is_the_request() =>
        Assert.Equal("Where can I eat?", Completer.Complete(" Where can I eat?\n", LocationContext.None, []).Text);

    [Fact]
    public void The_model_reads_the_prompt_as_one_text_with_no_space_prefix_token_at_any_span_start()
    {
        // No connectors: what the model reads is then the demonstrations, the request and the forced spans, which must
        // tokenize as the whole text does (and fine-tuning does), with no '▁' of their own at each join.
        var completer = new PromptCompleter(EdgeModel.Stories260K, new PromptCompletionOptions { ConnectorMaxTokens = 0 });
        var user = new UserId("alice");
        var demonstrations = Enumerable.Range(0, 2)
            .Select(i => new StoredDemonstration(i, new ModelId("stories260K"), user, false, "food", Noon, $"Where can I eat? {i}", $"Where can I eat? {i} I am near Paris, France, with my dog."))
            .ToArray();
        var completion = completer.Complete("Where can I eat?", Stadium(), demonstrations);
        Assert.Equal(2, completion.Demonstrations.Count);

        var read = PromptTemplate.FormatEdgePrompt("Where can I eat?", demonstrations) + completion.Text["Where can I eat?".Length..^1];
        var tokenizer = EdgeModel.Stories260K.Tokenizer!;
        Assert.Equal(tokenizer.Encode(read, addBos: true).Length, completion.PromptTokens);
    }

    [Fact]
    public void Demonstrations_are_kept_while_they_fit_the_context()
    {
        var user = new UserId("alice");
        var demonstrations = Enumerable.Range(0, 40)
            .Select(i => new StoredDemonstration(i, new ModelId("stories260K"), user, false, "food", Noon, $"Where can I eat? {i}", "Where can I eat? I am near Paris, France. I would like a quiet place with a garden."))
            .ToArray();
        var location = Stadium();
        var completion = Completer.Complete("Where can I eat?", location, demonstrations);

        Assert.InRange(completion.Demonstrations.Count, 1, 39);
        Assert.Equal(demonstrations.Take(completion.Demonstrations.Count), completion.Demonstrations);
        Assert.InRange(completion.PromptTokens + completion.GeneratedTokens, 1, EdgeModel.Stories260K.Config.ContextLength);
        Assert.True(completion.Demonstrations.Sum(Completer.TokenCost) <= Completer.DemonstrationBudget("Where can I eat?", location));
    }

    [Fact]
    public void A_request_too_long_for_the_model_still_carries_its_facts()
    {
        var longPrompt = string.Join(' ', Enumerable.Repeat("please help me find a place to eat", 120));
        var completion = Completer.Complete(longPrompt, Stadium(), []);
        Assert.Equal(0, completion.GeneratedTokens);
        Assert.Contains("I am near Paris, France.", completion.Text, StringComparison.Ordinal);
        Assert.Contains("A venue here is Gate C food court.", completion.Text, StringComparison.Ordinal);
    }
}
