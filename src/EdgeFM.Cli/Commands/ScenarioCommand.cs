using System.CommandLine;
using System.Globalization;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm scenario show NAME</c>: print a built-in scenario as a file to copy and edit; <c>edgefm scenario forecast</c>: score the popularity forecast.</summary>
internal static class ScenarioCommand
{
    internal const string Name = "scenario";

    internal const string Description = "Work with simulation scenarios.";

    internal static Command Create()
    {
        var command = new Command(Name, Description);
        var name = new Argument<string>("name") { Description = $"Built-in scenario: {string.Join(", ", BuiltInScenarios.Names)}." };
        var show = new Command("show", "Print a built-in scenario (YAML with a rationale per parameter) to copy and edit.");
        show.Arguments.Add(name);
        show.SetAction(async (parseResult, cancellationToken) =>
        {
            var requested = parseResult.GetValue(name)!;
            var text = BuiltInScenarios.Text(requested)
                ?? throw new CliException($"unknown built-in scenario '{requested}'; known: {string.Join(", ", BuiltInScenarios.Names)}.");
            await Console.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        command.Subcommands.Add(show);
        command.Subcommands.Add(CreateForecast());
        return command;
    }

    /// <summary>
    /// <c>edgefm scenario forecast NAME|FILE</c>: Holt's one-period-ahead error on the scenario's own requests (at each
    /// size of its <c>compare</c> section, else as it is: a replayed gateway trace too), beside the naive forecast;
    /// α, β and the period may be overridden to compare settings. Runs the requests once per size (no cost table).
    /// </summary>
    private static Command CreateForecast()
    {
        var path = new Argument<string>("scenario") { Description = "Scenario file (a recorded gateway trace's FILE.scenario.yaml too) or built-in scenario name." };
        var seed = new Option<int?>("--seed") { Description = "Seed of the run whose requests are forecast. Default: the scenario's." };
        var alpha = new Option<double?>("--alpha") { Description = "Holt's level smoothing in (0, 1]. Default: the scenario's cluster.forecast.alpha (0.5)." };
        var beta = new Option<double?>("--beta") { Description = "Holt's trend smoothing in (0, 1]. Default: the scenario's cluster.forecast.beta (0.3)." };
        var period = new Option<double?>("--period") { Description = "Forecast period in seconds (> 0). Default: the scenario's cluster.forecast.periodSeconds (60)." };
        var forecast = new Command("forecast", "Score the cooperative policy's popularity forecast (Holt) against the naive last-period forecast on a scenario's requests.");
        forecast.Arguments.Add(path);
        foreach (var option in new Option[] { seed, alpha, beta, period })
        {
            forecast.Options.Add(option);
        }

        forecast.SetAction(async (parseResult, cancellationToken) =>
        {
            var scenario = SimulateCommand.Load(parseResult.GetValue(path)!, new Core.Caching.CachePolicyFactory());
            var options = scenario.Cluster.Policy;
            options = options with
            {
                Alpha = Smoothing("--alpha", parseResult.GetValue(alpha) ?? options.Alpha),
                Beta = Smoothing("--beta", parseResult.GetValue(beta) ?? options.Beta),
                PeriodSeconds = parseResult.GetValue(period) is { } seconds
                    ? seconds > 0 && double.IsFinite(seconds) ? seconds : throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--period: expected seconds > 0 but found {seconds}."))
                    : options.PeriodSeconds,
            };
            scenario = scenario with { Cluster = scenario.Cluster with { Policy = options } };
            var sizes = scenario.Compare is null
                ? [(scenario.Servers.Count, scenario)]
                : Simulation.Experiments.ClusterVariant.Expand(scenario).DistinctBy(v => v.Edges).Select(v => (v.Edges, v.Scenario)).ToList();
            var text = ForecastReport.Lines(scenario, sizes, parseResult.GetValue(seed) ?? scenario.Seed);
            await Console.Out.WriteAsync(text.TrimStart('\n').AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return forecast;
    }

    private static double Smoothing(string option, double value) =>
        value > 0 && value <= 1 ? value : throw new CliException(string.Create(CultureInfo.InvariantCulture, $"{option}: expected a smoothing factor in (0, 1] but found {value}."));
}
