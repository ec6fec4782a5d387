using EdgeFM.Reports.Figures;

namespace EdgeFM.Reports;

/// <summary>Writes figures to a directory as NAME.svg and NAME.png.</summary>
public static class FigureFiles
{
    /// <summary>
    /// Writes each of <paramref name="figures"/> into <paramref name="directory"/> (created when missing) as an SVG and a
    /// PNG file, replacing files of the same names; returns the paths written, SVG then PNG per figure.
    /// </summary>
    public static IReadOnlyList<string> Write(IEnumerable<Figure> figures, string directory)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var figure in figures)
        {
            var svg = Path.Combine(directory, figure.Name + ".svg");
            File.WriteAllText(svg, figure.ToSvg());
            written.Add(svg);
            var png = Path.Combine(directory, figure.Name + ".png");
            File.WriteAllBytes(png, figure.ToPng());
            written.Add(png);
        }

        return written;
    }
}
