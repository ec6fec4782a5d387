namespace EdgeFM.Core.Forecasting;

/// <summary>
/// Holt's linear exponential smoothing (double exponential smoothing with an additive trend) of one series observed
/// once per period, e.g. a model's request count per minute at one edge. After an observation y:
/// level ← α·y + (1 − α)·(level + trend); trend ← β·(level − previous level) + (1 − β)·trend. The forecast h periods
/// ahead is level + h·trend, floored at 0 because the series are counts.
/// </summary>
/// <remarks>
/// Why Holt: popularity of an AIGC service rises and falls over tens of minutes (a new service catches on, users move
/// on); a level alone (simple exponential smoothing) lags such a ramp by about 1/α periods, while the trend term
/// extrapolates it, which is what a prefetch needs: load before the demand arrives. Seasonal (Holt–Winters) models
/// need several seasons of history per model and edge, which a cache that turns over in minutes does not have.
/// Initialisation: the first observation sets the level and a zero trend; the second sets the trend to the
/// difference of the first two (the usual start), so two observations already give a linear extrapolation.
/// Not thread-safe; one instance per series.
/// </remarks>
public sealed class HoltForecaster
{
    /// <summary>Default level smoothing α: half the weight on the latest period, so a shift shows after one or two periods.</summary>
    public const double DefaultAlpha = 0.5;

    /// <summary>Default trend smoothing β: the trend follows a sustained ramp within a few periods but not one noisy period.</summary>
    public const double DefaultBeta = 0.3;

    /// <summary>Creates a forecaster with level smoothing <paramref name="alpha"/> and trend smoothing <paramref name="beta"/>, each in (0, 1].</summary>
    public HoltForecaster(double alpha = DefaultAlpha, double beta = DefaultBeta)
    {
        if (!(alpha > 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The level smoothing α must be in (0, 1].");
        }

        if (!(beta > 0 && beta <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "The trend smoothing β must be in (0, 1].");
        }

        Alpha = alpha;
        Beta = beta;
    }

    /// <summary>Level smoothing α in (0, 1].</summary>
    public double Alpha { get; }

    /// <summary>Trend smoothing β in (0, 1].</summary>
    public double Beta { get; }

    /// <summary>The smoothed level, in the series' units per period (0 before the first observation).</summary>
    public double Level { get; private set; }

    /// <summary>The smoothed trend, in the series' units per period per period (0 before the second observation).</summary>
    public double Trend { get; private set; }

    /// <summary>Observations so far.</summary>
    public long Observations { get; private set; }

    /// <summary>Adds the value of the period that just ended (finite).</summary>
    public void Observe(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "An observation must be a finite number.");
        }

        switch (Observations)
        {
            case 0:
                Level = value;
                Trend = 0;
                break;
            case 1:
                Trend = value - Level;
                Level = value;
                break;
            default:
                var previous = Level;
                Level = (Alpha * value) + ((1 - Alpha) * (previous + Trend));
                Trend = (Beta * (Level - previous)) + ((1 - Beta) * Trend);
                break;
        }

        Observations++;
    }

    /// <summary>The forecast <paramref name="horizon"/> (≥ 1) periods ahead: max(0, level + horizon · trend); 0 before any observation.</summary>
    public double Forecast(int horizon = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        return Observations == 0 ? 0 : Math.Max(0, Level + (horizon * Trend));
    }
}
