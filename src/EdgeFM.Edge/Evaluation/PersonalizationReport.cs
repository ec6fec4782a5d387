using System.Globalization;
using System.Text;

namespace EdgeFM.Edge.Evaluation;

/// <summary>The outcome of <see cref="PersonalizationEvaluation.Run"/>.</summary>
/// <param name="Model">The edge model's file name.</param>
/// <param name="History">Demonstrations available (history items).</param>
/// <param name="HeldOut">Held-out requests evaluated.</param>
/// <param name="Demonstrations">k.</param>
/// <param name="Conditions">One result per <see cref="DemonstrationCondition"/>.</param>
/// <param name="AgeOfContextVersusRandom">Per-request loss with AoC-selected minus with random demonstrations (paired).</param>
/// <param name="Examples">The first few outgoing completed prompts with AoC-selected demonstrations, as the cloud would receive them.</param>
/// <param name="EdgeStageP50Milliseconds">Median wall-clock time of the edge stage with AoC-selected demonstrations (selection, completion, egress filter).</param>
/// <param name="EdgeStageP99Milliseconds">99th percentile of the same.</param>
public sealed record PersonalizationReport(
    string Model,
    int History,
    int HeldOut,
    int Demonstrations,
    IReadOnlyList<ConditionResult> Conditions,
    MeanInterval AgeOfContextVersusRandom,
    IReadOnlyList<string> Examples,
    double EdgeStageP50Milliseconds,
    double EdgeStageP99Milliseconds)
{
    /// <summary>The report as a Markdown table (95% confidence intervals as ± half-widths).</summary>
    public string ToMarkdown()
    {
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture, $"Edge model {Model}; {HeldOut} held-out requests, {History} history demonstrations, k = {Demonstrations}; 95% confidence intervals.");
        builder.AppendLine();
        builder.AppendLine("| demonstrations | shown per request | connectors shown | habits written | fact recall | fact precision | leaked coordinates | connector loss (nats/token) | loss change vs none |");
        builder.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var c in Conditions)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"| {Name(c.Condition)} | {c.Demonstrations.Mean:F2} | {c.ConnectorsShown.Mean:F2} | {Format(c.HabitsWritten, "F2")} | {Format(c.FactRecall, "F3")} | {Format(c.FactPrecision, "F3")} | {c.LeakedCoordinates} | {Format(c.Loss, "F3")} | {(c.Condition == DemonstrationCondition.None ? "—" : Format(c.LossChange, "+0.000;-0.000"))} |");
        }

        builder.AppendLine();
        builder.AppendLine(CultureInfo.InvariantCulture, $"Loss with AoC-selected minus with random demonstrations, paired per request: {Format(AgeOfContextVersusRandom, "+0.000;-0.000")} nats/token.");
        builder.AppendLine(CultureInfo.InvariantCulture, $"Expected facts missing from outgoing prompts (of them removed by the egress filter): {string.Join(", ", Conditions.Select(c => FormattableString.Invariant($"{Name(c.Condition)} {c.FactsMissing} ({c.FactsRemovedAtEgress})")))}.");
        builder.AppendLine(CultureInfo.InvariantCulture, $"Edge stage (AoC selection, completion, egress filter) wall-clock: p50 {EdgeStageP50Milliseconds:F1} ms, p99 {EdgeStageP99Milliseconds:F1} ms.");
        builder.AppendLine();
        builder.AppendLine("Outgoing completed prompts (AoC-selected demonstrations), as the cloud receives them:");
        builder.AppendLine();
        foreach (var example in Examples)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"- `{example}`");
        }

        return builder.ToString();
    }

    private static string Name(DemonstrationCondition condition) => condition switch
    {
        DemonstrationCondition.None => "none",
        DemonstrationCondition.Random => "random",
        DemonstrationCondition.AgeOfContext => "AoC-selected",
        _ => "oracle (own reference; ceiling)",
    };

    private static string Format(MeanInterval value, string format) =>
        value.Mean.ToString(format, CultureInfo.InvariantCulture) + " ± " + value.HalfWidth.ToString("F3", CultureInfo.InvariantCulture);
}
