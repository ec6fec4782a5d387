using System.Globalization;
using System.Text;
using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Cli.Commands;

/// <summary>
/// Holt's one-period-ahead popularity-forecast error on a scenario's own requests, beside the naive last-value
/// forecast (<see cref="ForecastEvaluation"/>): printed after a cluster comparison and by <c>edgefm scenario forecast</c>.
/// </summary>
internal static class ForecastReport
{
    /// <summary>A header naming the forecast's settings, then one line per (edges, scenario) size.</summary>
    public static string Lines(Scenario scenario, IEnumerable<(int Edges, Scenario Scenario)> sizes, int seed)
    {
        var options = scenario.Cluster.Policy;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"\nPopularity forecast (Holt, α {options.Alpha}, β {options.Beta}; requests per model and edge per {options.PeriodSeconds} s period; seed {seed}):\n");
        foreach (var (edges, sized) in sizes)
        {
            var error = ForecastEvaluation.Run(sized, seed);
            text.Append(CultureInfo.InvariantCulture, $"  {edges,2} edge(s): MAE {error.Mae:0.000} (naive last value {error.NaiveMae:0.000}), MAPE {error.Mape * 100:0.0}% (naive {error.NaiveMape * 100:0.0}%) over {error.Forecasts:N0} forecasts\n");
        }

        return text.ToString();
    }
}
