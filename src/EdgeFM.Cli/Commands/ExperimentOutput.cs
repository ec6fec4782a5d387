using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Reports;
using EdgeFM.Simulation.Scenarios;
using Spectre.Console;

namespace EdgeFM.Cli.Commands;

/// <summary>Runs an experiment with an optional progress bar and writes its table, JSON and CSV where asked.</summary>
internal static class ExperimentOutput
{
    /// <summary>Requests (policies × runs × requests per run) above which a terminal gets a progress bar.</summary>
    private const long LongRunRequests = 2_000_000;

    public static ExperimentResult Run(Scenario scenario, IReadOnlyList<string> policies, int runs, int seed, CancellationToken cancellationToken)
    {
        var total = policies.Count * runs;
        var work = (long)total * Math.Max(scenario.Requests, scenario.Trace?.Count ?? 0);
        if (Console.IsErrorRedirected || work < LongRunRequests)
        {
            return ExperimentRunner.Run(scenario, policies, runs, seed, cancellationToken: cancellationToken);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return RunWithProgress(console, scenario, policies, runs, seed, cancellationToken);
    }

    /// <summary>Runs the experiment while <paramref name="console"/> shows a progress bar of finished runs.</summary>
    internal static ExperimentResult RunWithProgress(IAnsiConsole console, Scenario scenario, IReadOnlyList<string> policies, int runs, int seed, CancellationToken cancellationToken)
    {
        var total = policies.Count * runs;
        ExperimentResult? result = null;
        console.Progress().Start(context =>
        {
            var task = context.AddTask($"Simulating {policies.Count} policies × {runs} runs", maxValue: total);
            var progress = new Progress<int>(done => task.Value = done);
            result = ExperimentRunner.Run(scenario, policies, runs, seed, progress: progress, cancellationToken: cancellationToken);
            task.Value = total;
        });
        return result!;
    }

    /// <summary>Writes the results: JSON to stdout when <paramref name="jsonPath"/> is "-", else the table to stdout and JSON/CSV to files.</summary>
    public static async Task WriteAsync(ExperimentResult result, bool withPaper, string? jsonPath, string? csvPath, CancellationToken cancellationToken)
    {
        if (string.Equals(jsonPath, "-", StringComparison.Ordinal))
        {
            await Console.Out.WriteAsync(ResultJson.ToText(result).AsMemory(), cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync().ConfigureAwait(false);
        }
        else
        {
            await Console.Out.WriteAsync(ResultTable.Render(result, withPaper).AsMemory(), cancellationToken).ConfigureAwait(false);
            if (jsonPath is not null)
            {
                await WriteFileAsync(jsonPath, ResultJson.ToText(result) + "\n", cancellationToken).ConfigureAwait(false);
            }
        }

        if (csvPath is not null)
        {
            using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            ResultCsv.Write(result, text);
            await WriteFileAsync(csvPath, text.ToString(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteFileAsync(string path, string content, CancellationToken cancellationToken)
    {
        try
        {
            await File.WriteAllTextAsync(path, content, cancellationToken).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"edgefm: wrote {path}").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write '{path}': {ex.Message}", ex, ExitCodes.Failure);
        }
    }
}
