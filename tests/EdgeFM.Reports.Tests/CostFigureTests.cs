using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Reports;
using ScottPlot.Plottables;

namespace EdgeFM.Reports.Tests;

public sealed class CostFigureTests
{
    [Fact]
    public void The_system_cost_svg_names_every_policy_component_and_the_papers_marker()
    {
        var result = Experiments.Reproduce;
        var texts = Images.SvgTexts(Experiments.Find(ExperimentFigures.Create(result, withPaper: true), "system-cost").ToSvg());

        foreach (var policy in result.Policies)
        {
            Assert.Contains(policy.Name, texts, StringComparer.Ordinal);
        }

        foreach (var metric in new[] { Metric.SwitchingCost, Metric.TotalAccuracyCost, Metric.InferenceLatency, Metric.OffloadingLatency, Metric.CloudCost })
        {
            Assert.Contains(Metrics.Label(metric), texts, StringComparer.Ordinal);
        }

        Assert.Contains("Paper (Table II)", texts, StringComparer.Ordinal);
        Assert.Contains("95% CI", texts, StringComparer.Ordinal);
    }

    [Fact]
    public void Stacked_bars_reach_each_policys_mean_system_cost_with_its_confidence_interval()
    {
        var result = Experiments.Reproduce;
        var plot = Experiments.Find(ExperimentFigures.Create(result, withPaper: true), "system-cost").Plots[0];
        var segments = plot.GetPlottables<BarPlot>().SelectMany(b => b.Bars).ToList();
        var errors = Assert.Single(plot.GetPlottables<ErrorBar>());

        Assert.Equal(5 * result.Policies.Count, segments.Count);
        for (var p = 0; p < result.Policies.Count; p++)
        {
            var stack = segments.Where(b => b.Position == p).OrderBy(b => b.ValueBase).ToList();
            Assert.Equal(0, stack[0].ValueBase);
            for (var i = 1; i < stack.Count; i++)
            {
                Assert.Equal(stack[i - 1].Value, stack[i].ValueBase, 12);
            }

            Assert.Equal(result.Policies[p].Mean(Metric.SystemCost), stack[^1].Value, 9);
            Assert.Equal(result.Policies[p].Mean(Metric.SystemCost), errors.Ys[p], 12);
            Assert.Equal(result.Policies[p].HalfWidth95(Metric.SystemCost), errors.YErrorPositive![p], 12);
        }
    }

    [Fact]
    public void Paper_markers_sit_at_the_papers_values_for_the_papers_policies_only()
    {
        var result = Experiments.Reproduce;
        var figure = Experiments.Find(ExperimentFigures.Create(result, withPaper: true), "table2-metrics");
        Assert.Equal(Metrics.TableRows.Count, figure.Plots.Count);
        for (var row = 0; row < Metrics.TableRows.Count; row++)
        {
            var metric = Metrics.TableRows[row];
            var scale = metric == Metric.EdgeExecutionRatio ? 100 : 1;
            var markers = Assert.Single(figure.Plots[row].GetPlottables<Markers>());
            var points = markers.Data.GetScatterPoints();
            var expected = result.Policies
                .Select((policy, index) => (index, paper: PaperTable2.Value(policy.Name, metric)))
                .Where(x => x.paper is not null)
                .ToList();
            Assert.Equal(expected.Count, points.Count);
            Assert.Equal(5, points.Count); // Random, Cloud, FIFO, LFU, LC; LRU is not in the paper
            for (var i = 0; i < points.Count; i++)
            {
                Assert.Equal(expected[i].index, points[i].X);
                Assert.Equal(expected[i].paper.GetValueOrDefault() * scale, points[i].Y, 12);
            }

            var bars = figure.Plots[row].GetPlottables<BarPlot>().Single().Bars;
            Assert.Equal(result.Policies.Select(p => p.Mean(metric) * scale), bars.Select(b => b.Value));
        }
    }

    [Fact]
    public void Without_the_paper_nothing_marks_it()
    {
        var figures = ExperimentFigures.Create(Experiments.Reproduce, withPaper: false);
        foreach (var figure in figures)
        {
            Assert.All(figure.Plots, plot => Assert.Empty(plot.GetPlottables<Markers>()));
            Assert.DoesNotContain("Paper (Table II)", Images.SvgTexts(figure.ToSvg()), StringComparer.Ordinal);
        }
    }

    [Fact]
    public void One_run_draws_no_confidence_intervals()
    {
        var result = new ExperimentResult([new PolicySummary("LC", [Experiments.Reproduce.Policies[4].Runs[0]])], 1, 1);
        var plot = ExperimentFigures.Create(result, withPaper: true)[0].Plots[0];
        Assert.Empty(plot.GetPlottables<ErrorBar>());
        Assert.Single(plot.GetPlottables<Markers>());
    }
}
