using ScottPlot.Plottables;

namespace EdgeFM.Reports.Tests;

public sealed class TimeFigureTests
{
    [Fact]
    public void A_sampled_experiment_gets_the_time_figures_and_an_age_of_context_figure_per_policy()
    {
        var result = Experiments.Reproduce;
        var names = ExperimentFigures.Create(result, withPaper: true).Select(f => f.Name).ToList();
        Assert.Equal(
            ["system-cost", "table2-metrics", "edge-ratio-over-time", "cached-models-over-time", "aoc-random", "aoc-cloud", "aoc-fifo", "aoc-lfu", "aoc-lc", "aoc-lru"],
            names);
        Assert.Equal(["system-cost", "table2-metrics"], ExperimentFigures.Create(Experiments.Unsampled, withPaper: false).Select(f => f.Name), StringComparer.Ordinal);
    }

    [Fact]
    public void The_edge_ratio_lines_are_the_runs_edge_requests_over_their_requests_per_interval()
    {
        var result = Experiments.Reproduce;
        var figure = Experiments.Find(ExperimentFigures.Create(result, withPaper: true), "edge-ratio-over-time");
        var lines = figure.Plots[0].GetPlottables<Scatter>().ToList();
        Assert.Equal(result.Policies.Select(p => p.Name), lines.Select(l => l.LegendText), StringComparer.Ordinal);

        for (var p = 0; p < result.Policies.Count; p++)
        {
            var runs = result.Policies[p].Runs.Select(r => r.TimeSeries!).ToList();
            var points = lines[p].Data.GetScatterPoints();
            Assert.True(points.Count >= 40, $"{points.Count} points");
            foreach (var point in points)
            {
                var k = (int)Math.Round(point.X / runs[0].IntervalSeconds) - 1;
                var reached = runs.Where(s => k < s.Count && s.Times[k] == point.X).ToList();
                var expected = 100.0 * reached.Sum(s => s.EdgeRequests[k]) / reached.Sum(s => s.Requests[k]);
                Assert.Equal(expected, point.Y, 9);
            }
        }

        // Cloud never executes at the edge; FIFO mostly does.
        Assert.All(lines[1].Data.GetScatterPoints(), point => Assert.Equal(0, point.Y));
        Assert.True(lines[2].Data.GetScatterPoints().Average(point => point.Y) > 50);
    }

    [Fact]
    public void The_cached_model_lines_are_means_over_runs()
    {
        var result = Experiments.Reproduce;
        var lines = Experiments.Find(ExperimentFigures.Create(result, withPaper: true), "cached-models-over-time").Plots[0].GetPlottables<Scatter>().ToList();
        var lc = result.Policies[4];
        var points = lines[4].Data.GetScatterPoints();
        for (var k = 0; k < points.Count; k++)
        {
            var reached = lc.Runs.Select(r => r.TimeSeries!).Where(s => k < s.Count && s.Times[k] == points[k].X).ToList();
            Assert.Equal(reached.Average(s => s.CachedModels[k]), points[k].Y, 12);
        }
    }

    [Fact]
    public void Age_of_context_lines_follow_each_model_of_the_first_run_while_it_is_cached()
    {
        var result = Experiments.Reproduce;
        var lc = result.Policies[4];
        var series = lc.Runs[0].TimeSeries!;
        var figure = Experiments.Find(ExperimentFigures.Create(result, withPaper: true), "aoc-lc");
        var lines = figure.Plots[0].GetPlottables<Scatter>().ToList();

        var drawn = lines.SelectMany(l => l.Data.GetScatterPoints()).ToList();
        var cachedSamples = Enumerable.Range(0, series.Count).Sum(k => Enumerable.Range(0, series.Models.Count).Count(m => !double.IsNaN(series.ContextValue(k, m))));
        Assert.Equal(cachedSamples, drawn.Count);

        var legends = lines.Where(l => !string.IsNullOrEmpty(l.LegendText)).Select(l => l.LegendText).ToList();
        var everCached = series.Models.Where((_, m) => Enumerable.Range(0, series.Count).Any(k => !double.IsNaN(series.ContextValue(k, m)))).Select(id => id.Value);
        Assert.Equal(everCached, legends, StringComparer.Ordinal);

        foreach (var line in lines)
        {
            foreach (var point in line.Data.GetScatterPoints())
            {
                var k = series.Times.ToList().IndexOf(point.X);
                Assert.Contains(Enumerable.Range(0, series.Models.Count), m => series.ContextValue(k, m) == point.Y);
            }
        }

        var texts = Images.SvgTexts(figure.ToSvg());
        Assert.All(legends, model => Assert.Contains(model, texts, StringComparer.Ordinal));
    }

    [Fact]
    public void Pooling_uses_the_regular_samples_that_at_least_half_of_the_runs_reached()
    {
        var lc = Experiments.Reproduce.Policies[4];
        var pooled = PolicyTimeSeries.From(lc)!;
        var series = lc.Runs.Select(r => r.TimeSeries!).ToList();
        var interval = series[0].IntervalSeconds;

        Assert.Equal(Enumerable.Range(1, pooled.Times.Count).Select(k => k * interval), pooled.Times);
        var reaching = series.Count(s => s.Count >= pooled.Times.Count && s.Times[pooled.Times.Count - 1] == pooled.Times[^1]);
        Assert.True(2 * reaching >= series.Count, $"{reaching} of {series.Count} runs reach the last pooled sample");
        Assert.Equal(series.Average(s => s.WarmupEndSeconds), pooled.WarmupEndSeconds, 9);
        Assert.Null(PolicyTimeSeries.From(Experiments.Unsampled.Policies[0]));
    }
}
