using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Scenarios;
using ScottPlot.Plottables;

namespace EdgeFM.Reports.Tests;

public sealed class SweepFigureTests
{
    private static readonly Lazy<IReadOnlyList<SweepPoint>> Points = new(() =>
    {
        var scenario = BuiltInScenarios.Load(BuiltInScenarios.Reproduce);
        return [.. new[] { 20L, 40, 80 }.Select(gb =>
        {
            var sized = scenario with { Servers = [scenario.Servers[0] with { MemoryCapacityBytes = gb * 1_000_000_000 }] };
            return new SweepPoint($"{gb} GB", ExperimentRunner.Run(sized, ["FIFO", "LFU", "LC"], 4, 1));
        })];
    });

    [Fact]
    public void Each_sweep_figure_has_a_line_per_policy_through_its_means_at_every_point()
    {
        var points = Points.Value;
        var figures = ExperimentFigures.CreateSweep(points);
        Assert.Equal(["sweep-system-cost", "sweep-edge-ratio"], figures.Select(f => f.Name), StringComparer.Ordinal);
        foreach (var (figure, metric, scale) in new[] { (figures[0], Metric.SystemCost, 1.0), (figures[1], Metric.EdgeExecutionRatio, 100.0) })
        {
            var lines = figure.Plots[0].GetPlottables<Scatter>().ToList();
            Assert.Equal(["FIFO", "LFU", "LC"], lines.Select(l => l.LegendText), StringComparer.Ordinal);
            var errors = figure.Plots[0].GetPlottables<ErrorBar>().ToList();
            Assert.Equal(3, errors.Count);
            for (var p = 0; p < lines.Count; p++)
            {
                var drawn = lines[p].Data.GetScatterPoints();
                Assert.Equal([0.0, 1, 2], drawn.Select(c => c.X));
                for (var i = 0; i < points.Count; i++)
                {
                    Assert.Equal(points[i].Result.Policies[p].Mean(metric) * scale, drawn[i].Y, 9);
                    Assert.Equal(points[i].Result.Policies[p].HalfWidth95(metric) * scale, errors[p].YErrorPositive![i], 9);
                }
            }

            var texts = Images.SvgTexts(figure.ToSvg());
            foreach (var label in new[] { "20 GB", "40 GB", "80 GB", "FIFO", "LFU", "LC" })
            {
                Assert.Contains(label, texts, StringComparer.Ordinal);
            }
        }

        // More memory means more edge execution for FIFO, which caches whatever fits.
        var fifo = points.Select(p => p.Result.Policies[0].Mean(Metric.EdgeExecutionRatio)).ToList();
        Assert.True(fifo[0] < fifo[2], string.Join(", ", fifo));
    }

    [Fact]
    public void The_sweep_report_has_a_table_per_point_and_the_sweep_figures()
    {
        var points = Points.Value;
        var html = HtmlReport.RenderSweep("Sweep", "edgefm simulate --scenario a --scenario b", points, ExperimentFigures.CreateSweep(points));
        foreach (var point in points)
        {
            Assert.Contains($"<h2>{point.Label}</h2>", html, StringComparison.Ordinal);
        }

        Assert.Equal(points.Count, html.Split("<table>").Length - 1);
        Assert.Equal(2, html.Split("<svg ").Length - 1);
        Assert.DoesNotContain("class=\"paper\"", html, StringComparison.Ordinal);
    }
}
