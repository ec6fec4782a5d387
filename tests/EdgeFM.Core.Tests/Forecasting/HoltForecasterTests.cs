using EdgeFM.Core.Forecasting;

namespace EdgeFM.Core.Tests.Forecasting;

public sealed class HoltForecasterTests
{
    [Fact]
    public void Follows_a_hand_computed_series()
    {
        var holt = new HoltForecaster(alpha: 0.5, beta: 0.3);
        holt.Observe(10);
        Assert.Equal(10, holt.Forecast());
        holt.Observe(12);
        Assert.Equal(2, holt.Trend);
        Assert.Equal(14, holt.Forecast());

        // level = 0.5·15 + 0.5·(12 + 2) = 14.5; trend = 0.3·(14.5 − 12) + 0.7·2 = 2.15.
        holt.Observe(15);
        Assert.Equal(14.5, holt.Level, 12);
        Assert.Equal(2.15, holt.Trend, 12);
        Assert.Equal(16.65, holt.Forecast(), 12);
        Assert.Equal(18.8, holt.Forecast(2), 12);
    }

    [Theory]
    [InlineData(0.2, 0.1)]
    [InlineData(0.5, 0.3)]
    [InlineData(1.0, 1.0)]
    public void Extrapolates_a_straight_line_exactly_for_any_smoothing(double alpha, double beta)
    {
        var holt = new HoltForecaster(alpha, beta);
        for (var t = 0; t < 20; t++)
        {
            holt.Observe(3 + (2 * t));
        }

        Assert.Equal(3 + (2 * 20), holt.Forecast(), 9);
        Assert.Equal(3 + (2 * 24), holt.Forecast(5), 9);
    }

    [Fact]
    public void A_constant_series_has_no_trend_and_a_falling_one_floors_at_zero()
    {
        var constant = new HoltForecaster();
        foreach (var value in new[] { 7.0, 7, 7, 7 })
        {
            constant.Observe(value);
        }

        Assert.Equal(0, constant.Trend);
        Assert.Equal(7, constant.Forecast());

        var falling = new HoltForecaster();
        falling.Observe(10);
        falling.Observe(2);
        Assert.Equal(0, falling.Forecast());
        Assert.Equal(0, new HoltForecaster().Forecast());
    }

    [Fact]
    public void Rejects_smoothing_outside_zero_to_one_and_non_finite_observations()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HoltForecaster(0, 0.3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HoltForecaster(0.5, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HoltForecaster().Observe(double.NaN));
    }

    [Fact]
    public void Errors_on_a_ramp_beat_the_naive_forecast()
    {
        // 0, 2, 4, 6, 8: Holt misses only its first forecast (2, before it has a trend); naive misses every step by 2.
        var error = ForecastError.OfHolt([[0.0, 2, 4, 6, 8]]);
        Assert.Equal(4, error.Forecasts);
        Assert.Equal(0.5, error.Mae, 12);
        Assert.Equal(2, error.NaiveMae, 12);
        Assert.Equal(0.25, error.Mape, 12);
        Assert.Equal((1 + 0.5 + (1.0 / 3) + 0.25) / 4, error.NaiveMape, 12);
    }
}
