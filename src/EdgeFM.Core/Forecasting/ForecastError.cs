namespace EdgeFM.Core.Forecasting;

/// <summary>
/// One-step-ahead errors of a forecaster over series, beside the naive forecast (next period = this period).
/// </summary>
/// <param name="Forecasts">Forecasts scored (one per period after the first of each series).</param>
/// <param name="Mae">Mean absolute error of the forecaster, in the series' units.</param>
/// <param name="NaiveMae">Mean absolute error of the naive last-value forecast.</param>
/// <param name="Mape">Mean absolute percentage error of the forecaster over the periods whose actual value is non-zero, 0..∞ (1 = 100%).</param>
/// <param name="NaiveMape">The same for the naive forecast.</param>
public readonly record struct ForecastError(long Forecasts, double Mae, double NaiveMae, double Mape, double NaiveMape)
{
    /// <summary>
    /// Scores Holt's method with <paramref name="alpha"/> and <paramref name="beta"/> on each series: before every
    /// period after the first, the forecast from the periods before it is compared with the actual value.
    /// </summary>
    public static ForecastError OfHolt(IEnumerable<IReadOnlyList<double>> series, double alpha = HoltForecaster.DefaultAlpha, double beta = HoltForecaster.DefaultBeta)
    {
        ArgumentNullException.ThrowIfNull(series);
        long count = 0;
        long nonZero = 0;
        double absolute = 0;
        double naiveAbsolute = 0;
        double percentage = 0;
        double naivePercentage = 0;
        foreach (var values in series)
        {
            var holt = new HoltForecaster(alpha, beta);
            for (var t = 0; t < values.Count; t++)
            {
                var actual = values[t];
                if (t > 0)
                {
                    var error = Math.Abs(holt.Forecast() - actual);
                    var naiveError = Math.Abs(values[t - 1] - actual);
                    count++;
                    absolute += error;
                    naiveAbsolute += naiveError;
                    if (actual != 0)
                    {
                        nonZero++;
                        percentage += error / Math.Abs(actual);
                        naivePercentage += naiveError / Math.Abs(actual);
                    }
                }

                holt.Observe(actual);
            }
        }

        return count == 0
            ? default
            : new ForecastError(count, absolute / count, naiveAbsolute / count, nonZero == 0 ? 0 : percentage / nonZero, nonZero == 0 ? 0 : naivePercentage / nonZero);
    }
}
