using System.Globalization;
using EdgeFM.Reports;
using EdgeFM.Simulation.Reports;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm simulate</c> with several <c>--scenario</c> files: the same policies on each, a table per scenario, sweep figures.</summary>
internal static class SimulateSweep
{
    public static async Task<int> RunAsync(
        IReadOnlyList<string> paths,
        IReadOnlyList<Scenario> scenarios,
        IReadOnlyList<string> policies,
        int? runs,
        int? seed,
        string? jsonPath,
        string? csvPath,
        string? plotDirectory,
        string? reportPath,
        CancellationToken cancellationToken)
    {
        if (jsonPath is not null || csvPath is not null)
        {
            throw new CliException("--json and --csv take one scenario: for a sweep (several --scenario), run each scenario on its own to get its JSON or CSV.");
        }

        var figures = FigureTargets.From(plotDirectory, reportPath);
        var points = new List<SweepPoint>(scenarios.Count);
        for (var i = 0; i < scenarios.Count; i++)
        {
            var scenario = scenarios[i];
            var runCount = SimulationOptions.Runs(runs ?? scenario.Runs);
            var result = ExperimentOutput.Run(scenario, policies, runCount, seed ?? scenario.Seed, figures, cancellationToken);
            var label = Label(scenarios, i);
            points.Add(new SweepPoint(label, result));
            await Console.Out.WriteLineAsync($"Scenario {label} ({paths[i]}):").ConfigureAwait(false);
            await Console.Out.WriteAsync(ResultTable.Render(result, withPaper: false).AsMemory(), cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync().ConfigureAwait(false);
        }

        if (figures.Any)
        {
            var command = string.Create(CultureInfo.InvariantCulture, $"edgefm simulate {string.Concat(paths.Select(p => $"--scenario {p} "))}{string.Concat(policies.Select(p => $"--policy {p} "))}")
                + (runs is null ? string.Empty : $"--runs {runs} ") + (seed is null ? string.Empty : $"--seed {seed}");
            await ExperimentOutput.WriteSweepFiguresAsync(points, figures, "EdgeFM simulation sweep", command.TrimEnd(), cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>The scenario's name, or "NAME (n)" when several scenarios share it.</summary>
    private static string Label(IReadOnlyList<Scenario> scenarios, int index)
    {
        var name = scenarios[index].Name;
        return scenarios.Count(s => string.Equals(s.Name, name, StringComparison.Ordinal)) > 1
            ? string.Create(CultureInfo.InvariantCulture, $"{name} ({index + 1})")
            : name;
    }
}
