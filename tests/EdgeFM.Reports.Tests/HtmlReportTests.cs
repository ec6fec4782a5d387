using System.Text.RegularExpressions;
using EdgeFM.Simulation.Experiments;

namespace EdgeFM.Reports.Tests;

public sealed class HtmlReportTests
{
    private static readonly Lazy<string> Page = new(() =>
    {
        var result = Experiments.Reproduce;
        return HtmlReport.Render("Reproduction <test>", "edgefm reproduce --runs 6", result, withPaper: true, ExperimentFigures.Create(result, withPaper: true));
    });

    [Fact]
    public void The_page_references_nothing_outside_itself()
    {
        var html = Page.Value;
        Assert.DoesNotMatch(new Regex("(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//", RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(5)), html);
        Assert.DoesNotMatch(new Regex("(src|href)\\s*=\\s*[\"']?\\s*https?:", RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(5)), html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<?xml", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_holds_the_table_with_the_papers_values_and_every_figure_inline()
    {
        var html = Page.Value;
        var result = Experiments.Reproduce;
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<title>Reproduction &lt;test&gt;</title>", html, StringComparison.Ordinal);
        foreach (var policy in result.Policies)
        {
            Assert.Contains($"<th>{policy.Name}</th>", html, StringComparison.Ordinal);
        }

        foreach (var metric in Metrics.TableRows)
        {
            Assert.Contains($"<tr><th>{Metrics.Label(metric)}</th>", html, StringComparison.Ordinal);
        }

        Assert.Contains("<td class=\"paper\">4.88</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"paper\">65.0%</td>", html, StringComparison.Ordinal);
        var lc = result.Policies[4];
        Assert.Contains($"<td>{Simulation.Reports.ResultTable.Format(Metric.SystemCost, lc.Mean(Metric.SystemCost))} ± ", html, StringComparison.Ordinal);

        var figures = ExperimentFigures.Create(result, withPaper: true);
        Assert.Equal(figures.Count, Regex.Matches(html, "<svg ", RegexOptions.None, TimeSpan.FromSeconds(5)).Count);
        foreach (var figure in figures)
        {
            Assert.Contains($"<figure id=\"{figure.Name}\">", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Ids_are_unique_on_the_page_and_every_reference_points_at_one()
    {
        var html = Page.Value;
        var ids = Regex.Matches(html, "\\bid=\"(?<id>[^\"]+)\"", RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(5)).Select(m => m.Groups["id"].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        var references = Regex.Matches(html, "url\\(#(?<id>[^)]+)\\)", RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(5)).Select(m => m.Groups["id"].Value).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.Contains(reference, ids, StringComparer.Ordinal));
    }

    [Fact]
    public void Inline_svg_keeps_its_aspect_and_drops_the_xml_declaration()
    {
        var svg = "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"70\"><clipPath id=\"c1\"/><g clip-path=\"url(#c1)\"/></svg>";
        var inline = HtmlReport.InlineSvg(svg, "f-");
        Assert.StartsWith("<svg viewBox=\"0 0 120 70\" role=\"img\" xmlns=", inline, StringComparison.Ordinal);
        Assert.Contains("id=\"f-c1\"", inline, StringComparison.Ordinal);
        Assert.Contains("url(#f-c1)", inline, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => HtmlReport.InlineSvg("<html/>", "x"));
    }
}
