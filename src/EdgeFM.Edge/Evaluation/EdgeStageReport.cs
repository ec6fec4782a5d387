using System.Globalization;
using System.Text;

namespace EdgeFM.Edge.Evaluation;

/// <summary>The outcome of <see cref="PersonalizationEvaluation.BenchmarkEdgeStage"/>: wall-clock per stage, per request.</summary>
/// <param name="Model">The edge model's name.</param>
/// <param name="Requests">Requests timed (after the warm-up).</param>
/// <param name="Resolve">Location resolve (nearest place, country, local time).</param>
/// <param name="Select">AoC scoring and selection of k demonstrations within the token budget.</param>
/// <param name="Complete">Constrained completion (prefill of demonstrations, request and forced facts; masked greedy connectors).</param>
/// <param name="Filter">The egress filter.</param>
/// <param name="Total">The whole edge stage (the four above).</param>
/// <param name="Baseline">A plain greedy generation in the same process: one prefill of as many tokens as the completion read, then as many decode steps as it wrote.</param>
/// <param name="MeanPromptTokens">Tokens the completion read per request (mean).</param>
/// <param name="MeanGeneratedTokens">Tokens the completion wrote per request (mean).</param>
/// <param name="AllocatedBytesPerRequest">Managed bytes the edge stage allocated per request (mean, this thread).</param>
public sealed record EdgeStageReport(
    string Model,
    int Requests,
    LatencySummary Resolve,
    LatencySummary Select,
    LatencySummary Complete,
    LatencySummary Filter,
    LatencySummary Total,
    LatencySummary Baseline,
    double MeanPromptTokens,
    double MeanGeneratedTokens,
    double AllocatedBytesPerRequest)
{
    /// <summary>Median edge stage over median baseline (1 = no cost beyond the generation itself).</summary>
    public double MedianRatio => Total.P50 / Baseline.P50;

    /// <summary>The report as a Markdown table (milliseconds).</summary>
    public string ToMarkdown()
    {
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture, $"Edge model {Model}; {Requests} requests; {MeanPromptTokens:F0} tokens read and {MeanGeneratedTokens:F1} written per request (mean); wall-clock ms.");
        builder.AppendLine();
        builder.AppendLine("| stage | p50 ms | p99 ms | mean ms |");
        builder.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var (name, summary) in new[] { ("location resolve", Resolve), ("demonstration selection (AoC)", Select), ("constrained completion", Complete), ("egress filter", Filter), ("**edge stage total**", Total), ("baseline: plain generation, same token counts", Baseline) })
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {summary.P50:F2} | {summary.P99:F2} | {summary.Mean:F2} |");
        }

        builder.AppendLine();
        builder.AppendLine(CultureInfo.InvariantCulture, $"Edge stage / baseline (medians): {MedianRatio:F2}×. Allocated per request: {AllocatedBytesPerRequest / 1024:F0} KiB.");
        return builder.ToString();
    }
}
