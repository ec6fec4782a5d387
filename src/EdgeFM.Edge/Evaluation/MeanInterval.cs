namespace EdgeFM.Edge.Evaluation;

/// <summary>A sample mean with its 95% confidence interval (normal approximation: mean ± 1.96·s/√n).</summary>
/// <param name="Mean">The sample mean.</param>
/// <param name="HalfWidth">1.96 × the standard error (0 for fewer than two values).</param>
/// <param name="Count">Number of values.</param>
public readonly record struct MeanInterval(double Mean, double HalfWidth, int Count)
{
    /// <summary>The mean and interval of <paramref name="values"/> (NaN mean when empty).</summary>
    public static MeanInterval Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return new MeanInterval(double.NaN, double.NaN, 0);
        }

        var mean = values.Average();
        if (values.Count < 2)
        {
            return new MeanInterval(mean, 0, values.Count);
        }

        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return new MeanInterval(mean, 1.96 * Math.Sqrt(variance / values.Count), values.Count);
    }

    /// <summary>Lower end of the interval.</summary>
    public double Low => Mean - HalfWidth;

    /// <summary>Upper end of the interval.</summary>
    public double High => Mean + HalfWidth;
}
