using EdgeFM.TestSupport;

namespace EdgeFM.Reports.Tests;

public sealed class FigureFilesTests
{
    [Fact]
    public void Writes_an_svg_and_a_png_of_every_figure_at_its_size()
    {
        using var dir = new TempDirectory();
        var figures = ExperimentFigures.Create(Experiments.Reproduce, withPaper: true);
        var written = FigureFiles.Write(figures, dir.File("figures"));

        Assert.Equal(figures.Count * 2, written.Count);
        foreach (var figure in figures)
        {
            var png = File.ReadAllBytes(Path.Combine(dir.File("figures"), figure.Name + ".png"));
            Assert.Equal((figure.Width, figure.Height), Images.PngSize(png));
            var svg = Images.SvgRoot(File.ReadAllText(Path.Combine(dir.File("figures"), figure.Name + ".svg")));
            Assert.Equal(figure.Width.ToString(System.Globalization.CultureInfo.InvariantCulture), svg.Attribute("width")?.Value);
        }

        if (Environment.GetEnvironmentVariable("EDGEFM_KEEP_FIGURES") is { Length: > 0 } keep)
        {
            FigureFiles.Write(figures, keep);
        }
    }
}
