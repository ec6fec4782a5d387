using EdgeFM.Simulation.Experiments;
using ScottPlot;

namespace EdgeFM.Reports.Figures;

/// <summary>Colours, sizes and shared drawing steps of every figure, so the figures read alike.</summary>
internal static class FigureStyle
{
    public const float TitleSize = 20;
    public const float LabelSize = 16;
    public const float PanelTitleSize = 15;
    public const float TickSize = 14;

    /// <summary>The marker of the paper's Table II values.</summary>
    public const MarkerShape PaperMarker = MarkerShape.FilledDiamond;

    /// <summary>Legend text of the paper's values.</summary>
    public const string PaperLegend = "Paper (Table II)";

    /// <summary>Legend text of the confidence intervals.</summary>
    public const string IntervalLegend = "95% CI";

    public static readonly Color PaperColor = Colors.Black;

    public static readonly Color IntervalColor = new(0x33, 0x33, 0x33, 0xFF);

    private static readonly IPalette Policies = new ScottPlot.Palettes.Category10();

    private static readonly MarkerShape[] PolicyMarkers =
    [
        MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.OpenCircle, MarkerShape.FilledTriangleUp,
        MarkerShape.OpenSquare, MarkerShape.Eks, MarkerShape.FilledTriangleDown, MarkerShape.OpenDiamond,
    ];

    private static readonly Color[] Components =
    [
        new("#d62728"), // switching
        new("#9467bd"), // accuracy
        new("#ff7f0e"), // inference
        new("#bcbd22"), // offloading
        new("#1f77b4"), // cloud
    ];

    /// <summary>The five cost components of the system cost, bottom to top in the stacked bars.</summary>
    public static IReadOnlyList<Metric> CostComponents { get; } =
        [Metric.SwitchingCost, Metric.TotalAccuracyCost, Metric.InferenceLatency, Metric.OffloadingLatency, Metric.CloudCost];

    /// <summary>The colour of the <paramref name="index"/>-th policy of an experiment.</summary>
    public static Color Policy(int index) => Policies.GetColor(index);

    /// <summary>The colour of the <paramref name="index"/>-th series of a figure with many (models over time).</summary>
    public static Color Series(int index) => new ScottPlot.Palettes.Tsitsulin().GetColor(index);

    /// <summary>The colour of the <paramref name="index"/>-th of <see cref="CostComponents"/>.</summary>
    public static Color Component(int index) => Components[index];

    /// <summary>Labels the bottom axis with <paramref name="labels"/> at 0, 1, 2, ...</summary>
    public static void CategoryTicks(Plot plot, IReadOnlyList<string> labels)
    {
        var positions = new double[labels.Count];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = i;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, [.. labels]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.HideGrid();
        plot.Grid.YAxisStyle.IsVisible = true;
    }

    /// <summary>Sets the title and axis labels in the figures' sizes.</summary>
    public static void Label(Plot plot, string title, string xLabel, string yLabel, float titleSize = TitleSize)
    {
        plot.Title(title, titleSize);
        plot.XLabel(xLabel, LabelSize);
        plot.YLabel(yLabel, LabelSize);
        Text(plot, TickSize);
    }

    /// <summary>Sets the tick labels and the legend of <paramref name="plot"/> in <paramref name="size"/>-pixel text.</summary>
    public static void Text(Plot plot, float size)
    {
        plot.Axes.Bottom.TickLabelStyle.FontSize = size;
        plot.Axes.Left.TickLabelStyle.FontSize = size;
        plot.Legend.FontSize = size;
    }

    /// <summary>
    /// A marker shape per policy, drawn along its line so that policies whose lines coincide (FIFO and LRU often do)
    /// stay distinguishable.
    /// </summary>
    public static MarkerShape PolicyMarker(int index) => PolicyMarkers[index % PolicyMarkers.Length];
}
