using System.CommandLine;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm reproduce</c>: the paper's Table II from the built-in calibrated scenario, beside the paper's values.</summary>
internal static class ReproduceCommand
{
    internal const string Name = "reproduce";

    internal const string Description = "Reproduce Table II of Xu, Niyato et al. (2023) with the built-in scenario, beside the paper's values.";

    internal static Command Create()
    {
        var runs = new Option<int?>("--runs") { Description = "Runs (seeds) per policy; default: the scenario's (100)." };
        var seed = new Option<int?>("--seed") { Description = "First seed; run i uses seed + i. Default: the scenario's (1)." };
        var json = new Option<string?>("--json") { Description = "Also write the results as JSON to FILE ('-': JSON to stdout instead of the table)." };
        var plot = FigureTargets.PlotOption();
        var report = FigureTargets.ReportOption();
        var command = new Command(Name, Description);
        foreach (var option in new Option[] { runs, seed, json, plot, report })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var scenario = BuiltInScenarios.Load(BuiltInScenarios.Reproduce);
            var runCount = SimulationOptions.Runs(parseResult.GetValue(runs) ?? scenario.Runs);
            var figures = FigureTargets.From(parseResult.GetValue(plot), parseResult.GetValue(report));
            var firstSeed = parseResult.GetValue(seed) ?? scenario.Seed;
            var result = ExperimentOutput.Run(scenario, scenario.Policies, runCount, firstSeed, figures, cancellationToken);
            await ExperimentOutput.WriteAsync(result, withPaper: true, parseResult.GetValue(json), csvPath: null, cancellationToken).ConfigureAwait(false);
            await ExperimentOutput.WriteFiguresAsync(
                result,
                withPaper: true,
                figures,
                "EdgeFM: edge model caching, Table II of Xu, Niyato et al. (2023) reproduced",
                $"edgefm reproduce --runs {runCount} --seed {firstSeed}",
                cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
