using System.CommandLine;

namespace EdgeFM.Cli.Commands;

/// <summary>Where the simulation commands write figures (<c>--plot DIR</c>) and the HTML report (<c>--report FILE</c>).</summary>
/// <param name="PlotDirectory">The directory for the SVG and PNG figures, or null.</param>
/// <param name="ReportPath">The HTML report's path, or null.</param>
internal sealed record FigureTargets(string? PlotDirectory, string? ReportPath)
{
    /// <summary>Whether figures are needed at all (and so the runs must be sampled over time).</summary>
    public bool Any => PlotDirectory is not null || ReportPath is not null;

    /// <summary>The <c>--plot</c> option.</summary>
    public static Option<string?> PlotOption() =>
        new("--plot") { Description = "Write the figures as SVG and PNG into DIR (created if missing); see docs/plots.md." };

    /// <summary>The <c>--report</c> option.</summary>
    public static Option<string?> ReportOption() =>
        new("--report") { Description = "Write one self-contained HTML page (table and figures, no network needed) to FILE." };

    /// <summary>
    /// Checks both targets before anything is simulated and creates the figure directory; a bad target is a
    /// <see cref="CliException"/> (exit 2) naming the option, the path and what to do.
    /// </summary>
    public static FigureTargets From(string? plotDirectory, string? reportPath)
    {
        if (plotDirectory is not null)
        {
            if (plotDirectory.Length == 0)
            {
                throw new CliException("--plot: the directory is empty; give a directory for the figures, e.g. --plot figures.");
            }

            if (File.Exists(plotDirectory))
            {
                throw new CliException($"--plot: '{plotDirectory}' is a file, not a directory; give a directory for the figures (it is created if missing).");
            }

            try
            {
                Directory.CreateDirectory(plotDirectory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new CliException($"--plot: cannot create the directory '{plotDirectory}': {ex.Message}", ex);
            }
        }

        if (reportPath is not null)
        {
            if (reportPath.Length == 0 || Directory.Exists(reportPath))
            {
                throw new CliException($"--report: '{reportPath}' is not a file name; give the HTML file to write, e.g. --report report.html.");
            }

            var parent = Path.GetDirectoryName(Path.GetFullPath(reportPath));
            if (parent is not null && !Directory.Exists(parent))
            {
                throw new CliException($"--report: the directory '{parent}' does not exist; create it or write the report elsewhere.");
            }
        }

        return new FigureTargets(plotDirectory, reportPath);
    }
}
