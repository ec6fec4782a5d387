using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Reports;
using ScottPlot;

namespace EdgeFM.Reports.Figures;

/// <summary>The cost figures: the system cost as stacked components per policy, and one panel per Table II metric.</summary>
internal static class CostFigures
{
    /// <summary>
    /// Stacked bars of the five cost components (means over runs) per policy, whose tops are the system cost, with
    /// its 95% confidence interval and, with <paramref name="withPaper"/>, the paper's system cost marked.
    /// </summary>
    public static Figure SystemCost(ExperimentResult result, bool withPaper)
    {
        var plot = new Plot();
        var policies = result.Policies;
        for (var c = 0; c < FigureStyle.CostComponents.Count; c++)
        {
            var metric = FigureStyle.CostComponents[c];
            var bars = new List<Bar>(policies.Count);
            for (var p = 0; p < policies.Count; p++)
            {
                var below = 0.0;
                for (var under = 0; under < c; under++)
                {
                    below += policies[p].Mean(FigureStyle.CostComponents[under]);
                }

                bars.Add(new Bar
                {
                    Position = p,
                    ValueBase = below,
                    Value = below + policies[p].Mean(metric),
                    FillColor = FigureStyle.Component(c),
                    LineWidth = 0,
                    Size = 0.6,
                });
            }

            plot.Add.Bars(bars).LegendText = Metrics.Label(metric);
        }

        AddIntervals(plot, result, Metric.SystemCost);
        if (withPaper)
        {
            AddPaperMarkers(plot, result, Metric.SystemCost);
        }

        FigureStyle.CategoryTicks(plot, [.. policies.Select(p => p.Name)]);
        plot.Axes.Margins(bottom: 0);
        FigureStyle.Label(plot, "System cost and its five components per policy", "Policy", "Cost (cost units, per run)");
        plot.ShowLegend(Edge.Right);
        var caption = $"Means over {result.Runs} runs of each policy's five cost components, stacked so that each bar's top is " +
            "the system cost; error bars: 95% confidence interval of the system cost" +
            (withPaper ? "; diamonds: the paper's system cost (Table II)." : ".");
        return Figure.Single("system-cost", "System cost per policy", caption, 1200, 700, plot);
    }

    /// <summary>One panel per row of Table II: a bar per policy (mean) with its 95% CI and, with <paramref name="withPaper"/>, the paper's value.</summary>
    public static Figure TableMetrics(ExperimentResult result, bool withPaper)
    {
        var plots = new List<Plot>();
        var names = result.Policies.Select(p => p.Name).ToArray();
        foreach (var metric in Metrics.TableRows)
        {
            var plot = new Plot();
            var scale = metric == Metric.EdgeExecutionRatio ? 100 : 1;
            var bars = new List<Bar>(names.Length);
            for (var p = 0; p < names.Length; p++)
            {
                bars.Add(new Bar
                {
                    Position = p,
                    Value = result.Policies[p].Mean(metric) * scale,
                    FillColor = FigureStyle.Policy(p),
                    LineWidth = 0,
                    Size = 0.7,
                });
            }

            plot.Add.Bars(bars);

            // Only the first panel has a legend: its entries name the same things in every panel.
            var legend = plots.Count == 0;
            AddIntervals(plot, result, metric, scale, legend);
            if (withPaper)
            {
                AddPaperMarkers(plot, result, metric, scale, legend);
            }

            FigureStyle.CategoryTicks(plot, names);
            plot.Axes.Margins(bottom: 0);
            plot.Title(Metrics.Label(metric), FigureStyle.PanelTitleSize);
            FigureStyle.Text(plot, 13);
            plot.YLabel(metric == Metric.EdgeExecutionRatio ? "% of requests" : metric == Metric.AverageAccuracyCost ? "cost per edge request" : "cost units", 13);
            plots.Add(plot);
        }

        plots[0].ShowLegend(Alignment.UpperRight);
        plots[0].Legend.FontSize = 13;
        var caption = $"Each row of Table II: means over {result.Runs} runs per policy with 95% confidence intervals" +
            (withPaper ? "; diamonds: the paper's values (Table II)." : ".");
        return Figure.Grid("table2-metrics", "Table II metrics per policy", caption, 1600, 900, 2, 4, plots);
    }

    private static void AddIntervals(Plot plot, ExperimentResult result, Metric metric, double scale = 1, bool legend = true)
    {
        if (result.Runs < 2)
        {
            return;
        }

        var xs = new double[result.Policies.Count];
        var ys = new double[xs.Length];
        var errors = new double[xs.Length];
        for (var p = 0; p < xs.Length; p++)
        {
            xs[p] = p;
            ys[p] = result.Policies[p].Mean(metric) * scale;
            errors[p] = result.Policies[p].HalfWidth95(metric) * scale;
        }

        var bars = plot.Add.ErrorBar(xs, ys, errors);
        bars.Color = FigureStyle.IntervalColor;
        bars.LineWidth = 2;
        bars.CapSize = 10;
        if (legend)
        {
            bars.LegendText = FigureStyle.IntervalLegend;
        }
    }

    private static void AddPaperMarkers(Plot plot, ExperimentResult result, Metric metric, double scale = 1, bool legend = true)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (var p = 0; p < result.Policies.Count; p++)
        {
            if (PaperTable2.Value(result.Policies[p].Name, metric) is { } paper)
            {
                xs.Add(p);
                ys.Add(paper * scale);
            }
        }

        if (xs.Count > 0)
        {
            var markers = plot.Add.Markers(xs.ToArray(), ys.ToArray(), FigureStyle.PaperMarker, 13, FigureStyle.PaperColor);
            if (legend)
            {
                markers.LegendText = FigureStyle.PaperLegend;
            }
        }
    }
}
