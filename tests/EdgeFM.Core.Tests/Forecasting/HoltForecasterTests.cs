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
        Assert.Equal(0, holt.Trend);

        // The trend starts at 0 and is learnt through β: level = 0.5·12 + 0.5·(10 + 0) = 11; trend = 0.3·(11 − 10) = 0.3.
        holt.Observe(12);
        Assert.Equal(11, holt.Level, 12);
        Assert.Equal(0.3, holt.Trend, 12);
        Assert.Equal(11.3, holt.Forecast(), 12);

        // level = 0.5·15 + 0.5·(11 + 0.3) = 13.15; trend = 0.3·(13.15 − 11) + 0.7·0.3 = 0.855.
        holt.Observe(15);
        Assert.Equal(13.15, holt.Level, 12);
        Assert.Equal(0.855, holt.Trend, 12);
        Assert.Equal(14.005, holt.Forecast(), 12);
        Assert.Equal(14.86, holt.Forecast(2), 12);
    }

    [Theory]
    [InlineData(0.2, 0.1)]
    [InlineData(0.5, 0.3)]
    [InlineData(1.0, 1.0)]
    public void Extrapolates_a_straight_line_exactly_once_the_trend_is_learnt_for_any_smoothing(double alpha, double beta)
    {
        // The trend starts at 0, so a line is followed exactly in the limit; 300 periods are ample even for α 0.2, β 0.1.
        var holt = new HoltForecaster(alpha, beta);
        for (var t = 0; t < 300; t++)
        {
            holt.Observe(3 + (2 * t));
        }

        Assert.Equal(2, holt.Trend, 6);
        Assert.Equal(3 + (2 * 300), holt.Forecast(), 6);
        Assert.Equal(3 + (2 * 304), holt.Forecast(5), 6);
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

        // 10, 2: level 6, trend −1.2 (forecast 4.8); 0: level 2.4, trend −1.92; 0: level 0.24, trend −1.992 → below 0.
        var falling = new HoltForecaster();
        foreach (var value in new[] { 10.0, 2, 0, 0 })
        {
            falling.Observe(value);
        }

        Assert.True(falling.Trend < 0);
        Assert.Equal(0, falling.Forecast());
        Assert.Equal(0, new HoltForecaster().Forecast());
    }

    [Fact]
    public void Demand_arriving_after_empty_periods_is_a_level_not_a_trend()
    {
        // A gateway started before its users came: 0, 0, then a steady 30. The old start read 0 → 30 as a trend of +30
        // and forecast 60; the series now starts at 30 with no trend.
        var holt = new HoltForecaster();
        holt.Observe(0);
        holt.Observe(0);
        Assert.False(holt.Started);
        Assert.Equal(0, holt.Forecast());
        Assert.Equal(2, holt.Observations);

        foreach (var value in new[] { 30.0, 30, 30 })
        {
            holt.Observe(value);
            Assert.True(holt.Started);
            Assert.Equal(0, holt.Trend);
            Assert.Equal(30, holt.Forecast());
        }

        Assert.Equal(5, holt.Observations);
    }

    [Fact]
    public void A_genuine_ramp_after_empty_periods_still_gets_a_rising_forecast()
    {
        // 0, 0, 10, 20, 30, 40, 50 (hand-computed with α 0.5, β 0.3): forecasts 10, 16.5, 26.775, 38.896, 51.622.
        var holt = new HoltForecaster();
        double[] ramp = [0, 0, 10, 20, 30, 40, 50];
        double[] expected = [0, 0, 10, 16.5, 26.775, 38.89625, 51.6224375];
        for (var t = 0; t < ramp.Length; t++)
        {
            holt.Observe(ramp[t]);
            Assert.Equal(expected[t], holt.Forecast(), 4);
        }

        Assert.True(holt.Trend > 0);
        Assert.True(holt.Forecast() > ramp[^1]);
    }

    [Fact]
    public void A_zero_after_the_start_is_an_observation()
    {
        // Only leading zeros are skipped: once demand has appeared, an empty period pulls the level down.
        var holt = new HoltForecaster();
        holt.Observe(10);
        holt.Observe(0);
        Assert.Equal(5, holt.Level, 12);
        Assert.Equal(-1.5, holt.Trend, 12);
        Assert.Equal(3.5, holt.Forecast(), 12);
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
        // 2, 4, …, 20: naive misses every step by 2; Holt misses the first ones by 2–2.7 while it learns the trend, then
        // by less and less (2, 2.7, 2.645, 2.221, 1.676, 1.152, 0.717, 0.392, 0.171: mean 1.519).
        double[] ramp = [2, 4, 6, 8, 10, 12, 14, 16, 18, 20];
        var error = ForecastError.OfHolt([ramp]);
        Assert.Equal(9, error.Forecasts);
        Assert.Equal(2, error.NaiveMae, 12);
        Assert.Equal(1.519, error.Mae, 3);
        Assert.True(error.Mape < error.NaiveMape);
    }

    [Fact]
    public void Errors_after_empty_periods_match_the_naive_forecast_on_a_step()
    {
        // 0, 0, 30, 30, 30: both miss only the arrival (30); the old start also missed the next period by 30 (forecast 60).
        var error = ForecastError.OfHolt([[0.0, 0, 30, 30, 30]]);
        Assert.Equal(4, error.Forecasts);
        Assert.Equal(7.5, error.Mae, 12);
        Assert.Equal(7.5, error.NaiveMae, 12);
    }
}
