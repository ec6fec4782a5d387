using System.Globalization;
using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.TimeSeries;
using ScottPlot;

namespace EdgeFM.Reports.Figures;

/// <summary>Figures over simulated time: edge execution ratio and cached models per policy, Age of Context per model.</summary>
internal static class TimeFigures
{
    private const string TimeLabel = "Simulated time (s)";

    /// <summary>The edge execution ratio per sampling interval, pooled over runs, a line per policy.</summary>
    public static Figure EdgeRatio(IReadOnlyList<PolicyTimeSeries> series, double interval)
    {
        var plot = new Plot();
        for (var p = 0; p < series.Count; p++)
        {
            // Intervals in which no request arrived have no ratio: they are skipped, not drawn as 0.
            var points = series[p].Times.Zip(series[p].EdgeExecutionRatio).Where(point => !double.IsNaN(point.Second)).ToList();
            var line = AddLine(plot, [.. points.Select(point => point.First)], [.. points.Select(point => point.Second * 100)], series[p].Policy, FigureStyle.Policy(p));
            Mark(line, p);
        }

        AddWarmupLine(plot, series);
        plot.Axes.SetLimitsY(0, 100);
        FigureStyle.Label(plot, "Edge execution ratio over simulated time", TimeLabel, "Requests executed at the edge (%)");
        plot.ShowLegend(Edge.Right);
        var caption = string.Create(CultureInfo.InvariantCulture,
            $"Per {interval:0.#} s of simulated time, the share of the requests arriving in that interval (over all runs) that each policy executed at the edge; the dashed line marks the end of the warm-up (not counted in the cost figures).");
        return Figure.Single("edge-ratio-over-time", "Edge execution ratio over time", caption, 1200, 600, plot);
    }

    /// <summary>The number of cached models (all servers), mean over runs, a line per policy.</summary>
    public static Figure CachedModels(IReadOnlyList<PolicyTimeSeries> series, double interval)
    {
        var plot = new Plot();
        for (var p = 0; p < series.Count; p++)
        {
            Mark(AddLine(plot, series[p].Times, series[p].CachedModels, series[p].Policy, FigureStyle.Policy(p)), p);
        }

        AddWarmupLine(plot, series);
        var most = series.SelectMany(s => s.CachedModels).DefaultIfEmpty(0).Max();
        plot.Axes.SetLimitsY(0, Math.Max(1, most * 1.1));
        FigureStyle.Label(plot, "Cached models over simulated time", TimeLabel, "Models cached (all edge servers)");
        plot.ShowLegend(Edge.Right);
        var caption = string.Create(CultureInfo.InvariantCulture,
            $"Models held by the edge servers every {interval:0.#} s of simulated time, mean over runs, per policy; the dashed line marks the end of the warm-up.");
        return Figure.Single("cached-models-over-time", "Cached models over time", caption, 1200, 600, plot);
    }

    /// <summary>
    /// The Age-of-Context value of each model while cached, in <paramref name="summary"/>'s first run (a line per model
    /// that was cached at some sample; gaps where it was not).
    /// </summary>
    public static Figure? AgeOfContext(PolicySummary summary, string fileName)
    {
        if (summary.Runs.Count == 0 || summary.Runs[0].TimeSeries is not { Count: > 0 } series)
        {
            return null;
        }

        var plot = new Plot();
        var drawn = 0;
        for (var m = 0; m < series.Models.Count; m++)
        {
            var color = FigureStyle.Series(drawn);
            var any = false;
            foreach (var (start, end) in CachedStretches(series, m))
            {
                var xs = new double[end - start];
                var ys = new double[xs.Length];
                for (var k = start; k < end; k++)
                {
                    xs[k - start] = series.Times[k];
                    ys[k - start] = series.ContextValue(k, m);
                }

                // Markers at every sample: a model cached for a single sample is still seen.
                AddLine(plot, xs, ys, any ? null : series.Models[m].Value, color).MarkerSize = 5;
                any = true;
            }

            drawn += any ? 1 : 0;
        }

        if (series.WarmupEndSeconds > 0)
        {
            WarmupLine(plot, series.WarmupEndSeconds);
        }

        plot.Axes.Margins(bottom: 0);
        var run = summary.Runs[0];
        FigureStyle.Label(plot, $"Age of Context of each cached model: {summary.Name}, seed {run.Seed}", TimeLabel, "Context value (effective examples)");
        plot.ShowLegend(Edge.Right);
        var caption = string.Create(CultureInfo.InvariantCulture,
            $"{summary.Name}, run with seed {run.Seed}: every {series.IntervalSeconds:0.#} s, the Age-of-Context value of each cached model's in-context examples for a request on the current topic (an effective number of examples: fresher and more relevant examples count more); a line breaks while its model is not cached, and an eviction discards the context.");
        return Figure.Single(fileName, $"Age of Context ({summary.Name})", caption, 1200, 600, plot);
    }

    /// <summary>The [start, end) sample ranges in which model <paramref name="model"/> is cached.</summary>
    private static List<(int Start, int End)> CachedStretches(RunTimeSeries series, int model)
    {
        var stretches = new List<(int, int)>();
        var start = -1;
        for (var k = 0; k <= series.Count; k++)
        {
            var cached = k < series.Count && !double.IsNaN(series.ContextValue(k, model));
            if (cached && start < 0)
            {
                start = k;
            }
            else if (!cached && start >= 0)
            {
                stretches.Add((start, k));
                start = -1;
            }
        }

        return stretches;
    }

    private static ScottPlot.Plottables.Scatter AddLine(Plot plot, IReadOnlyList<double> xs, IReadOnlyList<double> ys, string? legend, Color color)
    {
        var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), color);
        line.LineWidth = 2;
        line.MarkerSize = 0;
        if (legend is not null)
        {
            line.LegendText = legend;
        }

        return line;
    }

    /// <summary>Gives the <paramref name="policy"/>-th policy's line its marker shape.</summary>
    private static void Mark(ScottPlot.Plottables.Scatter line, int policy)
    {
        line.MarkerShape = FigureStyle.PolicyMarker(policy);
        line.MarkerSize = 7;
    }

    private static void AddWarmupLine(Plot plot, IReadOnlyList<PolicyTimeSeries> series)
    {
        var end = series.Count == 0 ? 0 : series.Average(s => s.WarmupEndSeconds);
        if (end > 0)
        {
            WarmupLine(plot, end);
        }
    }

    private static void WarmupLine(Plot plot, double seconds)
    {
        var line = plot.Add.VerticalLine(seconds, 1.5f, Colors.Gray, LinePattern.Dashed);
        line.LegendText = "end of warm-up";
    }
}
