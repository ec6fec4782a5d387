using EdgeFM.Edge.Evaluation;
using EdgeFM.TestSupport;

namespace EdgeFM.Edge.Tests.Evaluation;

public sealed class PersonalizationEvaluationTests
{
    [Fact]
    public void A_short_run_carries_every_fact_leaks_nothing_and_scores_every_condition()
    {
        var items = PersonalizationDataset.Read(Path.Combine(SharedPaths.RepositoryRoot, "data", "netgpt", "personalization.jsonl"));
        var report = new PersonalizationEvaluation(EdgeModel.Stories260K, RepositoryData.Gazetteer, new PersonalizationEvaluationOptions { Limit = 6 }).Run(items);

        Assert.Equal((210, 6), (report.History, report.HeldOut));
        Assert.Equal(Enum.GetValues<DemonstrationCondition>(), report.Conditions.Select(c => c.Condition));
        Assert.All(report.Conditions, c =>
        {
            Assert.Equal(1, c.FactRecall.Mean);
            Assert.Equal(0, c.LeakedCoordinates);
            Assert.InRange(c.Loss.Mean, 0.1, Math.Log(512) + 1);
            Assert.Equal(6, c.Loss.Count);
        });
        Assert.Equal(0, report.Conditions[0].Demonstrations.Mean);
        Assert.Equal(3, report.Conditions.Single(c => c.Condition == DemonstrationCondition.AgeOfContext).Demonstrations.Mean);
        Assert.Equal(0, report.Conditions[0].LossChange.Mean);
        Assert.All(report.Conditions, c => Assert.Equal((0, 0), (c.FactsMissing, c.FactsRemovedAtEgress)));

        // Connectors shown: none can show no habit, the oracle shows all of them, the others lie in between.
        Assert.Equal(0, report.Conditions[0].ConnectorsShown.Mean);
        Assert.Equal(1, report.Conditions.Single(c => c.Condition == DemonstrationCondition.Oracle).ConnectorsShown.Mean);
        var aoc = report.Conditions.Single(c => c.Condition == DemonstrationCondition.AgeOfContext);
        Assert.InRange(aoc.ConnectorsShown.Mean, 0, 1);
        Assert.All(report.Conditions, c => Assert.InRange(c.HabitsWritten.Mean, 0, 1));
        Assert.Contains(FormattableString.Invariant($"| AoC-selected | 3.00 | {aoc.ConnectorsShown.Mean:F2} | {aoc.HabitsWritten.Mean:F2} ± "), report.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void Mean_interval_is_the_normal_approximation()
    {
        var interval = MeanInterval.Of([1, 2, 3, 4]);
        Assert.Equal(2.5, interval.Mean);
        Assert.Equal(1.96 * Math.Sqrt(5.0 / 3 / 4), interval.HalfWidth, 12);
        Assert.Equal((7, 0, 1), (MeanInterval.Of([7]).Mean, MeanInterval.Of([7]).HalfWidth, MeanInterval.Of([7]).Count));
        Assert.True(double.IsNaN(MeanInterval.Of([]).Mean));
    }
}
