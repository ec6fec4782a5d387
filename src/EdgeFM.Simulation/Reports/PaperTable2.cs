using EdgeFM.Simulation.Experiments;

namespace EdgeFM.Simulation.Reports;

/// <summary>
/// REFERENCE ONLY: Table II of Xu, Niyato et al. (2023), shown beside simulated results and used by tests to check
/// the reproduction's shape. Never a source of results.
/// </summary>
public static class PaperTable2
{
    /// <summary>The policies the paper reports, in its column order.</summary>
    public static IReadOnlyList<string> Policies { get; } = ["Random", "Cloud", "FIFO", "LFU", "LC"];

    // Rows follow Metrics.TableRows; the edge execution ratio as a fraction.
    private static readonly Dictionary<string, double[]> Columns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Random"] = [25.67, 18.72, 0.13, 0.0151, 0.12, 0.04, 6.63, 0.098],
        ["Cloud"] = [7.29, 0, 0, 0, 0, 0, 7.29, 0],
        ["FIFO"] = [27.51, 23.28, 0.52, 0.0085, 1.30, 0.35, 2.05, 0.707],
        ["LFU"] = [5.93, 0.37, 0.36, 0.0083, 1.32, 0.24, 3.63, 0.494],
        ["LC"] = [4.88, 0.32, 0.44, 0.0076, 1.26, 0.31, 2.52, 0.650],
    };

    /// <summary>The paper's value of <paramref name="metric"/> for <paramref name="policy"/>, or null when the paper has none.</summary>
    public static double? Value(string policy, Metric metric)
    {
        var row = (int)metric;
        return row < Metrics.TableRows.Count && Columns.TryGetValue(policy, out var column) ? column[row] : null;
    }
}
