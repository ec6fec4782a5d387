namespace EdgeFM.Core.Forecasting;

/// <summary>
/// Holt's linear exponential smoothing (double exponential smoothing with an additive trend) of one series observed
/// once per period, e.g. a model's request count per minute at one edge. The series starts at its first non-zero
/// observation, which sets the level and a zero trend; zeros before it leave level and trend at 0. Every later
/// observation y updates both: level ← α·y + (1 − α)·(level + trend); trend ← β·(level − previous level) + (1 − β)·trend.
/// The forecast h periods ahead is level + h·trend, floored at 0 because the series are counts.
/// </summary>
/// <remarks>
/// Why Holt: popularity of an AIGC service rises and falls over tens of minutes (a new service catches on, users move
/// on); a level alone (simple exponential smoothing) lags such a ramp by about 1/α periods, while the trend term
/// extrapolates it, which is what a prefetch needs: load before the demand arrives. Seasonal (Holt–Winters) models
/// need several seasons of history per model and edge, which a cache that turns over in minutes does not have.
/// <para>
/// Start-up. The textbook one-pass start (level = first value, trend = second − first, as R's HoltWinters and
/// statsmodels' legacy heuristic do) reads a series' first step as its trend. Here series are request counts that
/// usually begin at 0 (a gateway starts before its users come, a model's demand appears) or are small Poisson counts,
/// so that first step is the arrival of demand or noise, not a slope: after 0, 30 it forecast 60 for a steady 30, and
/// β 0.3 took many periods to forget it (the prefetch acts on a rising forecast). Hence: (1) leading zero periods
/// are periods before the series exists, forecast as 0 with no trend (the convention of intermittent-demand
/// forecasting, which updates on demand occurrences, not on empty periods); (2) the trend starts at 0 and is learnt
/// only through the β rule, the "no trend until the data show one" start (regression starts over the first several
/// values are the other usual choice, but need history a cache's series do not have). A genuine ramp is still
/// followed: the forecast passes the last value within a few periods (about 1/β) and extrapolates a straight line
/// exactly in the limit. Measured in docs/cluster.md ("The popularity forecast and its error").
/// </para>
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

    /// <summary>The smoothed level, in the series' units per period (0 before the first non-zero observation).</summary>
    public double Level { get; private set; }

    /// <summary>The smoothed trend, in the series' units per period per period (0 until the observation after the first non-zero one).</summary>
    public double Trend { get; private set; }

    /// <summary>Observations so far, leading zeros included.</summary>
    public long Observations { get; private set; }

    /// <summary>True once a non-zero observation has arrived: the series has started and level and trend follow it.</summary>
    public bool Started { get; private set; }

    /// <summary>Adds the value of the period that just ended (finite).</summary>
    public void Observe(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "An observation must be a finite number.");
        }

        Observations++;
        if (!Started)
        {
            // Periods before the first demand are not part of the series: no level, and above all no trend from 0 to the arrival.
            if (value != 0)
            {
                Level = value;
                Trend = 0;
                Started = true;
            }

            return;
        }

        var previous = Level;
        Level = (Alpha * value) + ((1 - Alpha) * (previous + Trend));
        Trend = (Beta * (Level - previous)) + ((1 - Beta) * Trend);
    }

    /// <summary>The forecast <paramref name="horizon"/> (≥ 1) periods ahead: max(0, level + horizon · trend); 0 before the series has started.</summary>
    public double Forecast(int horizon = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        return Started ? Math.Max(0, Level + (horizon * Trend)) : 0;
    }
}
