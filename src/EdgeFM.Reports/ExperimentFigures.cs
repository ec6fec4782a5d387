using EdgeFM.Reports.Figures;
using EdgeFM.Simulation.Experiments;

namespace EdgeFM.Reports;

/// <summary>Builds every figure of an experiment.</summary>
public static class ExperimentFigures
{
    /// <summary>
    /// The figures of <paramref name="result"/>: <c>system-cost</c> and <c>table2-metrics</c> always; when its runs were
    /// sampled over time, <c>edge-ratio-over-time</c>, <c>cached-models-over-time</c> and <c>aoc-POLICY</c> per policy.
    /// With <paramref name="withPaper"/>, the paper's Table II values are marked where the paper has them.
    /// </summary>
    public static IReadOnlyList<Figure> Create(ExperimentResult result, bool withPaper)
    {
        ArgumentNullException.ThrowIfNull(result);
        var figures = new List<Figure>
        {
            CostFigures.SystemCost(result, withPaper),
            CostFigures.TableMetrics(result, withPaper),
        };
        var series = result.Policies.Select(PolicyTimeSeries.From).OfType<PolicyTimeSeries>().ToList();
        if (series.Count == result.Policies.Count && series.Count > 0)
        {
            var interval = result.Policies[0].Runs[0].TimeSeries!.IntervalSeconds;
            figures.Add(TimeFigures.EdgeRatio(series, interval));
            figures.Add(TimeFigures.CachedModels(series, interval));
            foreach (var policy in result.Policies)
            {
                if (TimeFigures.AgeOfContext(policy, "aoc-" + FileNames.Slug(policy.Name)) is { } figure)
                {
                    figures.Add(figure);
                }
            }
        }

        return figures;
    }

    /// <summary>
    /// The figures of a sweep: <c>sweep-system-cost</c> and <c>sweep-edge-ratio</c>, a line per policy across
    /// <paramref name="points"/> (at least one), each point labelled on the horizontal axis.
    /// </summary>
    public static IReadOnlyList<Figure> CreateSweep(IReadOnlyList<SweepPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            throw new ArgumentException("A sweep needs at least one point.", nameof(points));
        }

        return
        [
            SweepFigures.Line(points, Metric.SystemCost, "sweep-system-cost", "System cost (cost units, per run)", 1),
            SweepFigures.Line(points, Metric.EdgeExecutionRatio, "sweep-edge-ratio", "Requests executed at the edge (%)", 100),
        ];
    }
}
