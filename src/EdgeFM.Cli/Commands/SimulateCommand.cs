using System.CommandLine;
using EdgeFM.Core.Caching;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm simulate</c>: run a scenario file with one or more policies over several seeds.</summary>
internal static class SimulateCommand
{
    internal const string Name = "simulate";

    internal const string Description = "Simulate a scenario file and report the cost metrics per policy (mean and 95% CI over runs).";

    internal static Command Create()
    {
        var scenarioPath = new Option<string[]>("--scenario")
        {
            Description = "Scenario file (YAML or JSON), or a built-in scenario's name (reproduce, cooperation); see docs/simulation.md. Repeat it for a sweep: the same policies on each scenario, a table per scenario and, with --plot/--report, sweep figures with a line per policy.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var policy = new Option<string[]>("--policy") { Description = "Policy to run (repeatable); default: the scenario's policies.", AllowMultipleArgumentsPerToken = false };
        var runs = new Option<int?>("--runs") { Description = "Runs (seeds) per policy; default: the scenario's." };
        var seed = new Option<int?>("--seed") { Description = "First seed; run i uses seed + i. Default: the scenario's." };
        var json = new Option<string?>("--json") { Description = "Also write the results as JSON to FILE ('-': JSON to stdout instead of the table)." };
        var csv = new Option<string?>("--csv") { Description = "Write one CSV row per (policy, run) to FILE." };
        var plot = FigureTargets.PlotOption();
        var report = FigureTargets.ReportOption();
        var command = new Command(Name, Description);
        foreach (var option in new Option[] { scenarioPath, policy, runs, seed, json, csv, plot, report })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var factory = new CachePolicyFactory();
            var paths = parseResult.GetValue(scenarioPath)!;
            var scenarios = paths.Select(path => Load(path, factory)).ToList();
            var policies = new List<string>();
            foreach (var name in parseResult.GetValue(policy) ?? [])
            {
                policies.Add(factory.CanonicalName(name)
                    ?? throw new CliException($"--policy: unknown policy '{name}'; known policies: {string.Join(", ", factory.Names)}."));
            }

            if (policies.Count == 0)
            {
                policies.AddRange(scenarios[0].Policies);
            }

            if (scenarios.Count > 1)
            {
                return await SimulateSweep.RunAsync(
                    paths, scenarios, policies, parseResult.GetValue(runs), parseResult.GetValue(seed),
                    parseResult.GetValue(json), parseResult.GetValue(csv), parseResult.GetValue(plot), parseResult.GetValue(report), cancellationToken).ConfigureAwait(false);
            }

            var scenario = scenarios[0];
            if (scenario.Compare is not null)
            {
                return await SimulateComparison.RunAsync(paths[0], scenario, policies, parseResult.GetValue(runs), parseResult.GetValue(seed), parseResult.GetValue(json), parseResult.GetValue(csv), parseResult.GetValue(plot), parseResult.GetValue(report), cancellationToken).ConfigureAwait(false);
            }

            var runCount = SimulationOptions.Runs(parseResult.GetValue(runs) ?? scenario.Runs);
            var figures = FigureTargets.From(parseResult.GetValue(plot), parseResult.GetValue(report));
            var firstSeed = parseResult.GetValue(seed) ?? scenario.Seed;
            var result = ExperimentOutput.Run(scenario, policies, runCount, firstSeed, figures, cancellationToken);
            await ExperimentOutput.WriteAsync(result, withPaper: false, parseResult.GetValue(json), parseResult.GetValue(csv), cancellationToken).ConfigureAwait(false);
            var commandLine = $"edgefm simulate --scenario {paths[0]} {string.Concat(policies.Select(p => $"--policy {p} "))}--runs {runCount} --seed {firstSeed}";
            await ExperimentOutput.WriteFiguresAsync(result, withPaper: false, figures, $"EdgeFM simulation: {scenario.Name}", commandLine, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Loads a scenario file, or the built-in scenario of that name when no such file exists; a bad one is bad input
    /// (exit 2) with the file, line and field.
    /// </summary>
    internal static Scenario Load(string path, CachePolicyFactory factory)
    {
        try
        {
            return !File.Exists(path) && BuiltInScenarios.Text(path) is not null
                ? BuiltInScenarios.Load(path, factory)
                : ScenarioLoader.Load(path, factory);
        }
        catch (ScenarioException ex)
        {
            throw new CliException(ex.Message, ex);
        }
    }
}
