using EdgeFM.Reports;
using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Reports;
using EdgeFM.Simulation.Scenarios;
using EdgeFM.Simulation.TimeSeries;
using Spectre.Console;

namespace EdgeFM.Cli.Commands;

/// <summary>Runs an experiment with an optional progress bar and writes its table, JSON, CSV, figures and report where asked.</summary>
internal static class ExperimentOutput
{
    /// <summary>Requests (policies × runs × requests per run) above which a terminal gets a progress bar.</summary>
    private const long LongRunRequests = 2_000_000;

    /// <summary>Samples per run of the time series behind the figures over simulated time.</summary>
    private const int FigureSamples = 100;

    /// <summary>Runs the experiment; its runs are sampled over simulated time when <paramref name="figures"/> asks for any figure.</summary>
    public static ExperimentResult Run(Scenario scenario, IReadOnlyList<string> policies, int runs, int seed, FigureTargets figures, CancellationToken cancellationToken)
    {
        var total = policies.Count * runs;
        var work = (long)total * Math.Max(scenario.Requests, scenario.Trace?.Count ?? 0);
        var timeSeries = figures.Any ? TimeSeriesOptions.ForScenario(scenario, FigureSamples) : null;
        if (Console.IsErrorRedirected || work < LongRunRequests)
        {
            return ExperimentRunner.Run(scenario, policies, runs, seed, cancellationToken: cancellationToken, timeSeries: timeSeries);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return RunWithProgress(console, scenario, policies, runs, seed, cancellationToken, timeSeries);
    }

    /// <summary>Runs the experiment while <paramref name="console"/> shows a progress bar of finished runs.</summary>
    internal static ExperimentResult RunWithProgress(IAnsiConsole console, Scenario scenario, IReadOnlyList<string> policies, int runs, int seed, CancellationToken cancellationToken, TimeSeriesOptions? timeSeries = null)
    {
        var total = policies.Count * runs;
        ExperimentResult? result = null;
        console.Progress().Start(context =>
        {
            var task = context.AddTask($"Simulating {policies.Count} policies × {runs} runs", maxValue: total);
            var progress = new Progress<int>(done => task.Value = done);
            result = ExperimentRunner.Run(scenario, policies, runs, seed, progress: progress, cancellationToken: cancellationToken, timeSeries: timeSeries);
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

    /// <summary>
    /// Writes the figures of <paramref name="result"/> into <see cref="FigureTargets.PlotDirectory"/> and the HTML page
    /// titled <paramref name="title"/> to <see cref="FigureTargets.ReportPath"/>, where asked; <paramref name="command"/>
    /// is the command line that reproduces them, shown in the page.
    /// </summary>
    public static async Task WriteFiguresAsync(ExperimentResult result, bool withPaper, FigureTargets targets, string title, string command, CancellationToken cancellationToken)
    {
        if (!targets.Any)
        {
            return;
        }

        IReadOnlyList<EdgeFM.Reports.Figures.Figure> figures;
        try
        {
            figures = ExperimentFigures.Create(result, withPaper);
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException)
        {
            // SkiaSharp's native library needs fontconfig (and fonts to draw text) from the system.
            throw new CliException(
                $"cannot draw figures: SkiaSharp's native library could not be loaded ({ex.GetBaseException().Message}); install fontconfig and a font, e.g. apt-get install fontconfig fonts-dejavu-core.",
                ex,
                ExitCodes.Failure);
        }

        if (targets.PlotDirectory is { } directory)
        {
            try
            {
                FigureFiles.Write(figures, directory);
                await Console.Error.WriteLineAsync($"edgefm: wrote {figures.Count} figures (SVG and PNG) to {directory}").ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot write the figures to '{directory}': {ex.Message}", ex, ExitCodes.Failure);
            }
        }

        if (targets.ReportPath is { } report)
        {
            await WriteFileAsync(report, HtmlReport.Render(title, command, result, withPaper, figures), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes a sweep's figures where asked: each point's own figures into <c>DIR/NN-LABEL/</c> and the sweep figures
    /// into <c>DIR</c>; the HTML page has a table per point and the sweep figures.
    /// </summary>
    public static async Task WriteSweepFiguresAsync(IReadOnlyList<SweepPoint> points, FigureTargets targets, string title, string command, CancellationToken cancellationToken)
    {
        var sweep = ExperimentFigures.CreateSweep(points);
        if (targets.PlotDirectory is { } directory)
        {
            try
            {
                for (var i = 0; i < points.Count; i++)
                {
                    var folder = Path.Combine(directory, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{i + 1:00}-{FileNames.Slug(points[i].Label)}"));
                    FigureFiles.Write(ExperimentFigures.Create(points[i].Result, withPaper: false), folder);
                }

                FigureFiles.Write(sweep, directory);
                await Console.Error.WriteLineAsync($"edgefm: wrote {sweep.Count} sweep figures and each scenario's figures (SVG and PNG) to {directory}").ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot write the figures to '{directory}': {ex.Message}", ex, ExitCodes.Failure);
            }
        }

        if (targets.ReportPath is { } report)
        {
            await WriteFileAsync(report, HtmlReport.RenderSweep(title, command, points, sweep), cancellationToken).ConfigureAwait(false);
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
