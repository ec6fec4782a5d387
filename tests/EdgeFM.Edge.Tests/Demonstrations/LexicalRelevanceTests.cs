using EdgeFM.Edge.Demonstrations;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeFM.Edge.Tests.Demonstrations;

public sealed class LexicalRelevanceTests
{
    [Fact]
    public void Terms_are_lower_case_words_without_function_words() =>
        Assert.Equal(["vegetarian", "dinner", "near", "stadium", "gate", "c3"], LexicalRelevance.Terms("Vegetarian dinner near the STADIUM, gate C3 a!"), StringComparer.Ordinal);

    [Fact]
    public void Identical_texts_score_one_and_disjoint_texts_zero()
    {
        var scores = LexicalRelevance.Score("vegetarian dinner", ["Vegetarian dinner", "train timetable", "vegetarian breakfast", ""]);
        Assert.Equal(1, scores[0], 9);
        Assert.Equal(0, scores[1]);
        Assert.InRange(scores[2], 0.1, 0.9);
        Assert.Equal(0, scores[3]);
    }

    [Fact]
    public void Rare_shared_terms_weigh_more_than_common_ones()
    {
        var scores = LexicalRelevance.Score("quiet dinner", ["dinner one", "dinner two", "dinner three", "quiet place"]);
        Assert.True(scores[3] > scores[0]);
    }

    [Fact]
    public void Scores_are_always_within_zero_and_one() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(
            ArbMap.Default.ArbFor<string>(),
            ArbMap.Default.ArbFor<string[]>(),
            (query, documents) =>
            {
                var clean = (documents ?? []).Select(d => d ?? "").ToArray();
                return LexicalRelevance.Score(query ?? "", clean).All(s => s is >= 0 and <= 1);
            }));
}
