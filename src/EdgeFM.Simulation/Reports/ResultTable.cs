using System.Globalization;
using System.Text;
using EdgeFM.Simulation.Experiments;

namespace EdgeFM.Simulation.Reports;

/// <summary>
/// Renders an experiment as a plain-text table with the rows of the paper's Table II and one column per policy,
/// each cell "ours ± ci95"; with <c>withPaper</c>, each policy also gets the paper's value ("–" where it has none).
/// </summary>
public static class ResultTable
{
    /// <summary>Renders <paramref name="result"/>.</summary>
    public static string Render(ExperimentResult result, bool withPaper)
    {
        ArgumentNullException.ThrowIfNull(result);
        var header = new List<string> { "Metric" };
        foreach (var policy in result.Policies)
        {
            header.Add(policy.Name);
            if (withPaper)
            {
                header.Add($"{policy.Name} (paper)");
            }
        }

        var rows = new List<List<string>> { header };
        foreach (var metric in Metrics.TableRows)
        {
            var row = new List<string> { Metrics.Label(metric) };
            foreach (var policy in result.Policies)
            {
                var cell = Format(metric, policy.Mean(metric));
                if (policy.Runs.Count > 1)
                {
                    cell += " ± " + Format(metric, policy.HalfWidth95(metric));
                }

                row.Add(cell);
                if (withPaper)
                {
                    var paper = PaperTable2.Value(policy.Name, metric);
                    row.Add(paper is null ? "–" : Format(metric, paper.Value));
                }
            }

            rows.Add(row);
        }

        var widths = new int[header.Count];
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Count; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        var text = new StringBuilder();
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < rows[r].Count; c++)
            {
                text.Append(c == 0 ? rows[r][c].PadRight(widths[c]) : "  " + rows[r][c].PadLeft(widths[c]));
            }

            text.Append('\n');
            if (r == 0)
            {
                text.Append('-', widths.Sum() + (2 * (widths.Length - 1))).Append('\n');
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"Means over {result.Runs} run(s) (seeds {result.Seed}..{result.Seed + result.Runs - 1})");
        text.Append(result.Runs > 1 ? " ± half-width of the 95% confidence interval.\n" : ".\n");
        return text.ToString();
    }

    /// <summary>
    /// <paramref name="value"/> of <paramref name="metric"/> as the tables show it: the edge execution ratio as a
    /// percentage with one decimal, the average accuracy cost with four decimals, every other metric with two.
    /// </summary>
    public static string Format(Metric metric, double value) => metric switch
    {
        Metric.EdgeExecutionRatio => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
        Metric.AverageAccuracyCost => value.ToString("0.0000", CultureInfo.InvariantCulture),
        _ => value.ToString("0.00", CultureInfo.InvariantCulture),
    };
}
