using EdgeFM.Core.Costs;

namespace EdgeFM.Simulation.Experiments;

/// <summary>Names and values of the <see cref="Metric"/>s.</summary>
public static class Metrics
{
    /// <summary>Every metric, in report order.</summary>
    public static IReadOnlyList<Metric> All { get; } = Enum.GetValues<Metric>();

    /// <summary>The eight rows of the paper's Table II, in its order.</summary>
    public static IReadOnlyList<Metric> TableRows { get; } = [.. All.Take(8)];

    /// <summary>The camelCase key used in JSON and CSV output.</summary>
    public static string Key(Metric metric) => metric switch
    {
        Metric.SystemCost => "systemCost",
        Metric.SwitchingCost => "switchingCost",
        Metric.TotalAccuracyCost => "totalAccuracyCost",
        Metric.AverageAccuracyCost => "averageAccuracyCost",
        Metric.InferenceLatency => "inferenceLatency",
        Metric.OffloadingLatency => "offloadingLatency",
        Metric.CloudCost => "cloudCost",
        Metric.EdgeExecutionRatio => "edgeExecutionRatio",
        Metric.Requests => "requests",
        Metric.EdgeRequests => "edgeRequests",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };

    /// <summary>The row label of the paper's Table II.</summary>
    public static string Label(Metric metric) => metric switch
    {
        Metric.SystemCost => "System cost",
        Metric.SwitchingCost => "Switching cost",
        Metric.TotalAccuracyCost => "Total accuracy cost",
        Metric.AverageAccuracyCost => "Average accuracy cost",
        Metric.InferenceLatency => "Inference latency",
        Metric.OffloadingLatency => "Offloading latency",
        Metric.CloudCost => "Cloud cost",
        Metric.EdgeExecutionRatio => "Edge execution ratio",
        Metric.Requests => "Requests",
        Metric.EdgeRequests => "Edge requests",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };

    /// <summary>The metric's value in <paramref name="costs"/>.</summary>
    public static double Value(CostBreakdown costs, Metric metric) => metric switch
    {
        Metric.SystemCost => costs.System,
        Metric.SwitchingCost => costs.Switching,
        Metric.TotalAccuracyCost => costs.Accuracy,
        Metric.AverageAccuracyCost => costs.AverageAccuracy,
        Metric.InferenceLatency => costs.Inference,
        Metric.OffloadingLatency => costs.Offloading,
        Metric.CloudCost => costs.Cloud,
        Metric.EdgeExecutionRatio => costs.EdgeExecutionRatio,
        Metric.Requests => costs.Requests,
        Metric.EdgeRequests => costs.EdgeRequests,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };
}
