using ScottPlot;
using SkiaSharp;

namespace EdgeFM.Reports.Figures;

/// <summary>
/// One figure of an experiment: a ScottPlot plot (or a grid of plots) with a file name, a title and a caption,
/// rendered on demand as PNG bytes or SVG text at its pixel size.
/// </summary>
public sealed class Figure
{
    private readonly Action<SKCanvas, PixelRect> _render;

    internal Figure(string name, string title, string caption, int width, int height, IReadOnlyList<Plot> plots, Action<SKCanvas, PixelRect> render)
    {
        Name = name;
        Title = title;
        Caption = caption;
        Width = width;
        Height = height;
        Plots = plots;
        _render = render;
    }

    /// <summary>The file name without extension (letters, digits and dashes only).</summary>
    public string Name { get; }

    /// <summary>The figure's title, as drawn on it.</summary>
    public string Title { get; }

    /// <summary>What the figure shows and how its values were computed, in one or two sentences.</summary>
    public string Caption { get; }

    /// <summary>Width in pixels (SVG user units).</summary>
    public int Width { get; }

    /// <summary>Height in pixels (SVG user units).</summary>
    public int Height { get; }

    /// <summary>The plots drawn (one, or the panels of a grid in reading order); tests read their data.</summary>
    internal IReadOnlyList<Plot> Plots { get; }

    /// <summary>A figure of one plot.</summary>
    internal static Figure Single(string name, string title, string caption, int width, int height, Plot plot) =>
        new(name, title, caption, width, height, [plot], (canvas, rect) => plot.Render(canvas, rect));

    /// <summary>A figure of <paramref name="plots"/> in a grid of <paramref name="rows"/> × <paramref name="columns"/> panels.</summary>
    internal static Figure Grid(string name, string title, string caption, int width, int height, int rows, int columns, IReadOnlyList<Plot> plots)
    {
        // A multiplot starts with the plot it is given (a new empty one otherwise): start it with the first panel.
        var multiplot = new Multiplot(plots[0]);
        foreach (var plot in plots.Skip(1))
        {
            multiplot.AddPlot(plot);
        }

        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        return new(name, title, caption, width, height, plots, multiplot.Render);
    }

    /// <summary>The figure as a PNG image of <see cref="Width"/> × <see cref="Height"/> pixels.</summary>
    public byte[] ToPng()
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Cannot create a {Width}×{Height} drawing surface.");
        surface.Canvas.Clear(SKColors.White);
        _render(surface.Canvas, new PixelRect(0, Width, Height, 0));
        surface.Canvas.Flush();
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The figure as a standalone SVG document (with its XML declaration) of <see cref="Width"/> × <see cref="Height"/> units.</summary>
    public string ToSvg()
    {
        using var stream = new MemoryStream();
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), stream))
        {
            _render(canvas, new PixelRect(0, Width, Height, 0));
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
