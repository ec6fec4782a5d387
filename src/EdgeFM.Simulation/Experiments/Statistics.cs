namespace EdgeFM.Simulation.Experiments;

/// <summary>Mean and 95% confidence half-width (Student's t) of a sample.</summary>
public static class Statistics
{
    // Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom.
    private static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>The arithmetic mean (0 for an empty sample).</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return 0;
        }

        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }

    /// <summary>Half-width of the 95% confidence interval of the mean (0 for fewer than two values).</summary>
    public static double HalfWidth95(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        if (n < 2)
        {
            return 0;
        }

        var mean = Mean(values);
        double squares = 0;
        foreach (var v in values)
        {
            squares += (v - mean) * (v - mean);
        }

        var standardError = Math.Sqrt(squares / (n - 1) / n);
        return TQuantile975(n - 1) * standardError;
    }

    /// <summary>The 97.5% quantile of Student's t with <paramref name="degrees"/> degrees of freedom.</summary>
    public static double TQuantile975(int degrees)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degrees);
        if (degrees <= T975.Length)
        {
            return T975[degrees - 1];
        }

        // Cornish–Fisher expansion around the normal quantile; accurate to 1e-3 beyond 30 degrees of freedom.
        const double z = 1.959964;
        var z3 = z * z * z;
        var z5 = z3 * z * z;
        return z + ((z3 + z) / (4.0 * degrees)) + (((5 * z5) + (16 * z3) + (3 * z)) / (96.0 * degrees * degrees));
    }
}
