using System.Globalization;
using EdgeFM.Reports;
using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Reports;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm simulate</c> on a scenario with a <c>compare</c> section: independent vs cooperating edges at several sizes.</summary>
internal static class SimulateComparison
{
    public static async Task<int> RunAsync(
        string path,
        Scenario scenario,
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
            throw new CliException($"--json and --csv take a scenario without a 'compare' section; '{path}' compares cluster sizes: remove its compare section (and set the servers and cluster.cooperation you want) to get one variant's JSON or CSV.");
        }

        var runCount = SimulationOptions.Runs(runs ?? scenario.Runs);
        var firstSeed = seed ?? scenario.Seed;
        var result = ClusterComparisonResult.Run(null, scenario, policies, runCount, firstSeed, cancellationToken);
        await Console.Out.WriteAsync(ClusterComparisonTable.Render(result).AsMemory(), cancellationToken).ConfigureAwait(false);
        await Console.Out.WriteLineAsync(ForecastLines(result, scenario, firstSeed).AsMemory(), cancellationToken).ConfigureAwait(false);
        var figures = FigureTargets.From(plotDirectory, reportPath);
        if (figures.Any)
        {
            var points = result.Points.Select(p => new SweepPoint(p.Variant.Label, p.Result)).ToList();
            var command = string.Create(CultureInfo.InvariantCulture, $"edgefm simulate --scenario {path} {string.Concat(policies.Select(p => $"--policy {p} "))}--runs {runCount} --seed {firstSeed}");
            await ExperimentOutput.WriteSweepFiguresAsync(points, figures, $"EdgeFM cluster comparison: {scenario.Name}", command, cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>Holt's one-step error on each size's own requests (first seed), beside the naive last-value forecast.</summary>
    private static string ForecastLines(ClusterComparisonResult result, Scenario scenario, int seed) =>
        ForecastReport.Lines(scenario, result.Points.Select(p => p.Variant).DistinctBy(v => v.Edges).Select(v => (v.Edges, v.Scenario)), seed);
}
