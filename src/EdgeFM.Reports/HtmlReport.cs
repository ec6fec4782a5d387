using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using EdgeFM.Reports.Figures;
using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Reports;

namespace EdgeFM.Reports;

/// <summary>
/// One self-contained HTML page of an experiment: the Table II rows per policy (with the paper's values when asked)
/// and every figure as inline SVG. It references nothing outside itself (no scripts, styles, fonts or images to
/// fetch), so a browser shows it offline.
/// </summary>
public static partial class HtmlReport
{
    /// <summary>The page for <paramref name="result"/> with <paramref name="figures"/>, titled <paramref name="title"/>; <paramref name="command"/> (may be null) says how it was made.</summary>
    public static string Render(string title, string? command, ExperimentResult result, bool withPaper, IReadOnlyList<Figure> figures)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(figures);
        var html = new StringBuilder();
        AppendHead(html, title, command);
        html.Append(CultureInfo.InvariantCulture, $"<p>Means over {result.Runs} run(s) per policy (seeds {result.Seed}..{result.Seed + result.Runs - 1})")
            .Append(result.Runs > 1 ? " ± half-width of the 95% confidence interval" : string.Empty)
            .Append(withPaper ? "; the paper's values (Xu, Niyato et al., 2023, Table II) beside ours, shown for reference only.</p>\n" : ".</p>\n");
        AppendTable(html, result, withPaper);
        AppendFigures(html, figures);
        return html.ToString();
    }

    private static void AppendHead(StringBuilder html, string title, string? command)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(Encode(title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<h1>")
            .Append(Encode(title)).Append("</h1>\n");
        if (command is not null)
        {
            html.Append("<p>Made by <code>").Append(Encode(command)).Append("</code>.</p>\n");
        }
    }

    /// <summary>Appends every figure as inline SVG with its caption, then closes the page.</summary>
    private static void AppendFigures(StringBuilder html, IReadOnlyList<Figure> figures)
    {
        if (figures.Count > 0)
        {
            html.Append("<h2>Figures</h2>\n");
        }

        foreach (var figure in figures)
        {
            html.Append("<figure id=\"").Append(figure.Name).Append("\">\n")
                .Append(InlineSvg(figure.ToSvg(), figure.Name + "-"))
                .Append("\n<figcaption><strong>").Append(Encode(figure.Title)).Append(".</strong> ")
                .Append(Encode(figure.Caption)).Append("</figcaption>\n</figure>\n");
        }

        html.Append("</body>\n</html>\n");
    }

    /// <summary>The page of a sweep: a table per point (titled by its label), then <paramref name="figures"/>.</summary>
    public static string RenderSweep(string title, string? command, IReadOnlyList<SweepPoint> points, IReadOnlyList<Figure> figures)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(figures);
        var html = new StringBuilder();
        AppendHead(html, title, command);
        html.Append("<p>Means over runs per policy ± half-width of the 95% confidence interval.</p>\n");
        foreach (var point in points)
        {
            html.Append("<h2>").Append(Encode(point.Label)).Append("</h2>\n");
            AppendTable(html, point.Result, withPaper: false);
        }

        AppendFigures(html, figures);
        return html.ToString();
    }

    /// <summary>
    /// <paramref name="svg"/> made fit to sit inside an HTML page: without its XML declaration, scaled to the page's
    /// width, and with every id (and every reference to one) prefixed by <paramref name="idPrefix"/>, so that the clip
    /// paths of several figures on one page cannot collide.
    /// </summary>
    internal static string InlineSvg(string svg, string idPrefix)
    {
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new ArgumentException("Not an SVG document: no <svg> element.", nameof(svg));
        }

        var body = svg[start..];
        var width = WidthPattern().Match(body);
        var height = HeightPattern().Match(body);
        if (width.Success && height.Success)
        {
            body = $"<svg viewBox=\"0 0 {width.Groups["v"].Value} {height.Groups["v"].Value}\" role=\"img\"{body[4..]}";
        }

        body = IdPattern().Replace(body, m => $"id=\"{idPrefix}{m.Groups["v"].Value}\"");
        body = UrlPattern().Replace(body, m => $"url(#{idPrefix}{m.Groups["v"].Value})");
        return HrefPattern().Replace(body, m => $"href=\"#{idPrefix}{m.Groups["v"].Value}\"");
    }

    private static void AppendTable(StringBuilder html, ExperimentResult result, bool withPaper)
    {
        html.Append("<table>\n<thead><tr><th>Metric</th>");
        foreach (var policy in result.Policies)
        {
            html.Append("<th>").Append(Encode(policy.Name)).Append("</th>");
            if (withPaper)
            {
                html.Append("<th class=\"paper\">").Append(Encode(policy.Name)).Append(" (paper)</th>");
            }
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var metric in Metrics.TableRows)
        {
            html.Append("<tr><th>").Append(Encode(Metrics.Label(metric))).Append("</th>");
            foreach (var policy in result.Policies)
            {
                var cell = ResultTable.Format(metric, policy.Mean(metric));
                if (policy.Runs.Count > 1)
                {
                    cell += " ± " + ResultTable.Format(metric, policy.HalfWidth95(metric));
                }

                html.Append("<td>").Append(Encode(cell)).Append("</td>");
                if (withPaper)
                {
                    var paper = PaperTable2.Value(policy.Name, metric);
                    html.Append("<td class=\"paper\">").Append(paper is null ? "–" : Encode(ResultTable.Format(metric, paper.Value))).Append("</td>");
                }
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    /// <summary>
    /// Escapes the five characters HTML gives meaning to and nothing else: the page is UTF-8, and
    /// <see cref="System.Net.WebUtility.HtmlEncode(string)"/> would also turn "±" and "–" into numeric entities.
    /// </summary>
    private static string Encode(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);

    private const string Style = """
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1650px; padding: 0 1em; color: #222; }
        table { border-collapse: collapse; margin: 1em 0; font-variant-numeric: tabular-nums; }
        th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; }
        thead th, tbody th { text-align: left; background: #f4f4f4; }
        .paper { color: #555; background: #fafafa; }
        figure { margin: 2em 0; }
        figure svg { width: 100%; height: auto; max-width: 1600px; border: 1px solid #eee; }
        figcaption { margin-top: 0.5em; }

        """;

    [GeneratedRegex("^<svg[^>]*?\\swidth=\"(?<v>[0-9.]+)\"", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex WidthPattern();

    [GeneratedRegex("^<svg[^>]*?\\sheight=\"(?<v>[0-9.]+)\"", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex HeightPattern();

    [GeneratedRegex("\\bid=\"(?<v>[^\"]+)\"", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex IdPattern();

    [GeneratedRegex("url\\(#(?<v>[^)]+)\\)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex UrlPattern();

    [GeneratedRegex("href=\"#(?<v>[^\"]+)\"", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex HrefPattern();
}
