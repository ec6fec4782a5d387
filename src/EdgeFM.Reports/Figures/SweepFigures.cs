using EdgeFM.Simulation.Experiments;
using ScottPlot;

namespace EdgeFM.Reports.Figures;

/// <summary>Figures over the points of a sweep: a line per policy across the points, with 95% confidence intervals.</summary>
internal static class SweepFigures
{
    /// <summary>The mean of <paramref name="metric"/> per point, a line per policy (policies in the first point's order).</summary>
    public static Figure Line(IReadOnlyList<SweepPoint> points, Metric metric, string name, string yLabel, double scale)
    {
        var plot = new Plot();
        var policies = points.SelectMany(p => p.Result.Policies.Select(s => s.Name)).Distinct(StringComparer.Ordinal).ToList();
        for (var p = 0; p < policies.Count; p++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            var errors = new List<double>();
            for (var i = 0; i < points.Count; i++)
            {
                if (points[i].Result.Policies.FirstOrDefault(s => string.Equals(s.Name, policies[p], StringComparison.Ordinal)) is { } summary)
                {
                    xs.Add(i);
                    ys.Add(summary.Mean(metric) * scale);
                    errors.Add(summary.HalfWidth95(metric) * scale);
                }
            }

            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), FigureStyle.Policy(p));
            line.LegendText = policies[p];
            line.LineWidth = 2;
            line.MarkerShape = FigureStyle.PolicyMarker(p);
            line.MarkerSize = 8;
            if (errors.Any(e => e > 0))
            {
                var bars = plot.Add.ErrorBar(xs, ys, errors);
                bars.Color = FigureStyle.Policy(p);
                bars.LineWidth = 1.5f;
            }
        }

        FigureStyle.CategoryTicks(plot, [.. points.Select(p => p.Label)]);
        FigureStyle.Label(plot, $"{Metrics.Label(metric)} across the sweep", "Scenario", yLabel);
        var top = points.SelectMany(p => p.Result.Policies.Select(s => (s.Mean(metric) + s.HalfWidth95(metric)) * scale)).DefaultIfEmpty(0).Max();
        plot.Axes.SetLimits(-0.5, points.Count - 0.5, 0, top > 0 ? top * 1.08 : 1);
        plot.ShowLegend(Edge.Right);
        var caption = $"{Metrics.Label(metric)} per policy at each point of the sweep (means over runs, error bars: 95% confidence intervals).";
        return Figure.Single(name, $"{Metrics.Label(metric)} across the sweep", caption, 1200, 600, plot);
    }
}
