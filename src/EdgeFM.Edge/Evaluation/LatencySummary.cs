namespace EdgeFM.Edge.Evaluation;

/// <summary>Nearest-rank percentiles and mean of a set of wall-clock durations, in milliseconds.</summary>
/// <param name="P50">Median (ms).</param>
/// <param name="P99">99th percentile (ms).</param>
/// <param name="Mean">Mean (ms).</param>
public sealed record LatencySummary(double P50, double P99, double Mean)
{
    /// <summary>The summary of <paramref name="milliseconds"/> (NaN everywhere when empty).</summary>
    public static LatencySummary Of(IReadOnlyList<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        return new LatencySummary(Percentile(milliseconds, 0.5), Percentile(milliseconds, 0.99), milliseconds.Count == 0 ? double.NaN : milliseconds.Average());
    }

    /// <summary>The nearest-rank <paramref name="q"/>-quantile of <paramref name="values"/> (NaN when empty).</summary>
    internal static double Percentile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
