using EdgeFM.Edge.Evaluation;
using EdgeFM.Edge.Location;
using EdgeFM.Edge.Prompting;
using EdgeFM.TestSupport;

namespace EdgeFM.Edge.Tests.Evaluation;

public sealed class PersonalizationDatasetTests
{
    private static string ShippedPath => Path.Combine(SharedPaths.RepositoryRoot, "data", "netgpt", "personalization.jsonl");

    [Fact]
    public void The_shipped_file_is_what_the_generator_makes()
    {
        using var directory = new TempDirectory();
        var path = directory.File("generated.jsonl");
        PersonalizationDataset.Write(path, PersonalizationDataset.Generate(RepositoryData.Gazetteer));
        Assert.Equal(File.ReadAllText(ShippedPath), File.ReadAllText(path));
    }

    [Fact]
    public void Items_carry_facts_the_location_provider_finds_and_references_in_the_template_form()
    {
        var items = PersonalizationDataset.Read(ShippedPath);
        Assert.Equal(PersonalizationDataset.DefaultCount, items.Count);
        Assert.Equal(210, items.Count(i => string.Equals(i.Split, "history", StringComparison.Ordinal)));
        Assert.All(items, item =>
        {
            var context = new GazetteerLocationProvider(RepositoryData.Gazetteer, null, new ManualClock(item.Time))
                .Resolve(new LocationQuery(new GeoPoint(item.Latitude, item.Longitude)));
            Assert.Equal(item.Facts, PromptTemplate.CarriedFacts(context).Select(f => f.Text), StringComparer.Ordinal);
            Assert.StartsWith(item.Prompt + " I am near " + item.Facts[0] + ",", item.Reference, StringComparison.Ordinal);
            Assert.DoesNotContain(item.Latitude.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), item.Reference, StringComparison.Ordinal);
        });
        Assert.True(items.Select(i => i.Facts[0]).Distinct(StringComparer.Ordinal).Count() >= 20);
        Assert.InRange(items.Count(i => i.CoordinatesInPrompt), 50, 100);
    }

    [Fact]
    public void Fresh_users_keep_one_habit_each_within_a_set_but_not_across_sets()
    {
        var shipped = PlaceHabitOf(PersonalizationDataset.Generate(RepositoryData.Gazetteer));
        var one = PlaceHabitOf(PersonalizationDataset.Generate(RepositoryData.Gazetteer, seed: 1, count: 150, freshUsers: true));
        var two = PlaceHabitOf(PersonalizationDataset.Generate(RepositoryData.Gazetteer, seed: 2, count: 150, freshUsers: true));

        // Within a set each user says one thing after the place (PlaceHabitOf checks); across sets user numbers differ.
        Assert.Contains(one.Keys.Intersect(two.Keys, StringComparer.Ordinal), u => !string.Equals(one[u], two[u], StringComparison.Ordinal));
        Assert.Contains(one.Keys.Intersect(shipped.Keys, StringComparer.Ordinal), u => !string.Equals(one[u], shipped[u], StringComparison.Ordinal));
    }

    private static Dictionary<string, string> PlaceHabitOf(IReadOnlyList<PersonalizationItem> items) =>
        items.GroupBy(i => i.User, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => Assert.Single(g.Select(i => i.Reference[(i.Reference.IndexOf(i.Facts[0], StringComparison.Ordinal) + i.Facts[0].Length)..i.Reference.IndexOf(". The local time", StringComparison.Ordinal)]).Distinct(StringComparer.Ordinal)),
            StringComparer.Ordinal);

    [Fact]
    public void A_bad_line_is_named()
    {
        using var directory = new TempDirectory();
        var path = directory.File("bad.jsonl");
        File.WriteAllLines(path, [File.ReadLines(ShippedPath).First(), "{\"id\": \"x\"}"]);
        var ex = Assert.Throws<EdgeDataException>(() => PersonalizationDataset.Read(path));
        Assert.Equal(2, ex.Line);
    }
}
