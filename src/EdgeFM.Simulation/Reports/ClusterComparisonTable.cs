using System.Globalization;
using System.Text;
using EdgeFM.Simulation.Experiments;

namespace EdgeFM.Simulation.Reports;

/// <summary>
/// Renders a cluster comparison as a Markdown table, one row per (policy, edges, cooperation): edge execution ratio,
/// system cost and its five components per edge, and the share of requests served by a peer edge, each "mean ± ci95".
/// </summary>
public static class ClusterComparisonTable
{
    private static readonly Metric[] Columns =
    [
        Metric.EdgeExecutionRatio, Metric.SystemCost, Metric.SwitchingCost, Metric.TotalAccuracyCost,
        Metric.InferenceLatency, Metric.OffloadingLatency, Metric.CloudCost,
    ];

    /// <summary>Renders <paramref name="result"/>.</summary>
    public static string Render(ClusterComparisonResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.Append("| policy | edges | edges cooperate |");
        foreach (var metric in Columns)
        {
            text.Append(' ').Append(Metrics.Label(metric).ToLowerInvariant()).Append(" |");
        }

        text.Append(" served by a peer | prefetches per edge |\n|");
        text.Append(string.Concat(Enumerable.Repeat(" --- |", 3)));
        text.Append(string.Concat(Enumerable.Repeat(" ---: |", Columns.Length + 2))).Append('\n');
        var policies = result.Points.Count == 0 ? [] : result.Points[0].Result.Policies.Select(p => p.Name).ToList();
        for (var p = 0; p < policies.Count; p++)
        {
            foreach (var (variant, experiment) in result.Points)
            {
                var summary = experiment.Policies[p];
                text.Append(CultureInfo.InvariantCulture, $"| {summary.Name} | {variant.Edges} | {(variant.Cooperation ? "yes" : "no")} |");
                foreach (var metric in Columns)
                {
                    // Costs per edge (run totals / N, exact for means and half-widths alike), so every size reads on the one-edge scale.
                    var scale = metric == Metric.EdgeExecutionRatio ? 1.0 : 1.0 / variant.Edges;
                    var cell = ResultTable.Format(metric, summary.Mean(metric) * scale);
                    if (summary.Runs.Count > 1)
                    {
                        cell += " ± " + (metric == Metric.EdgeExecutionRatio
                            ? (summary.HalfWidth95(metric) * 100).ToString("0.0", CultureInfo.InvariantCulture)
                            : ResultTable.Format(metric, summary.HalfWidth95(metric) * scale));
                    }

                    text.Append(' ').Append(cell).Append(" |");
                }

                var peerShare = summary.Runs.Average(r => r.Costs.Requests == 0 ? 0 : (double)r.PeerRequests / r.Costs.Requests);
                var prefetches = summary.Runs.Average(r => (double)r.Prefetches) / variant.Edges;
                text.Append(CultureInfo.InvariantCulture, $" {peerShare * 100:0.0}% | {prefetches:0.0} |\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"\nMeans over {result.Runs} run(s) per row (seeds {result.Seed}..{result.Seed + result.Runs - 1})");
        text.Append(result.Runs > 1 ? " ± half-width of the 95% confidence interval (Student's t). " : ". ");
        text.Append("Costs are per edge (a run's total over all edges / edges); each edge carries the same load at every size.\n");
        return text.ToString();
    }
}
