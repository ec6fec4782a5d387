using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeFM.Edge.Evaluation;
using EdgeFM.Gateway.Benchmarks;

namespace EdgeFM.Cli.Commands;

/// <summary>Prints <c>bench serve --personalize</c>'s report: a table, or one JSON object (<c>--json</c>). Milliseconds throughout.</summary>
internal static class NetGptServeOutput
{
    public static string Table(NetGptServeReport report, ServeBenchmarkOptions options)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{report.Plain.Requests + report.NetGpt.Requests} requests ({report.NetGpt.Requests} NetGPT, {report.Plain.Requests} plain, interleaved, seed {options.Seed}), {report.Concurrency} at a time, {options.MaxTokens} max tokens each, {report.RequestsPerSecond:F1} req/s; NetGPT edge model {report.EdgeModel ?? "(none reported)"}, {(report.LoopbackCloud ? "a cloud tier on loopback answers (plain requests and NetGPT answers)" : "no cloud (the edge model answers)")}");
        text.AppendLine("kind     requests  p50 ms   p99 ms   mean ms  ttft p50  ttft p99  prompt tok  output tok  completed prompts");
        foreach (var r in new[] { report.Plain, report.NetGpt })
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{r.Kind,-8} {r.Requests,8}  {r.Latency.P50,7:F2}  {r.Latency.P99,7:F2}  {r.Latency.Mean,7:F2}  {r.FirstToken.P50,8:F2}  {r.FirstToken.P99,8:F2}  {r.PromptTokens,10:F1}  {r.CompletionTokens,10:F1}  {r.CompletedPrompts,17}");
        }

        text.AppendLine(CultureInfo.InvariantCulture,
            $"edge stage adds: p50 +{report.AddedP50:F2} ms ({report.RatioP50:F2}x plain), p99 +{report.AddedP99:F2} ms ({report.RatioP99:F2}x plain)");
        if (report.ExampleCompletedPrompt is { } example)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"example completed prompt: {example}");
        }

        return text.ToString();
    }

    public static string Json(NetGptServeReport report, ServeBenchmarkOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("requests", report.Plain.Requests + report.NetGpt.Requests);
            writer.WriteNumber("concurrency", report.Concurrency);
            writer.WriteNumber("max_tokens", options.MaxTokens);
            writer.WriteNumber("seed", options.Seed);
            writer.WriteBoolean("loopback_cloud", report.LoopbackCloud);
            writer.WriteNumber("requests_per_second", report.RequestsPerSecond);
            writer.WriteString("edge_model", report.EdgeModel);
            writer.WriteString("example_completed_prompt", report.ExampleCompletedPrompt);
            writer.WriteStartArray("kinds");
            foreach (var row in new[] { report.Plain, report.NetGpt })
            {
                writer.WriteStartObject();
                writer.WriteString("kind", row.Kind);
                writer.WriteNumber("requests", row.Requests);
                Summary(writer, "latency_ms", row.Latency);
                Summary(writer, "first_token_ms", row.FirstToken);
                writer.WriteNumber("prompt_tokens", row.PromptTokens);
                writer.WriteNumber("completion_tokens", row.CompletionTokens);
                writer.WriteNumber("completed_prompts", row.CompletedPrompts);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("added_ms");
            writer.WriteNumber("p50", report.AddedP50);
            writer.WriteNumber("p99", report.AddedP99);
            writer.WriteEndObject();
            writer.WriteStartObject("ratio");
            writer.WriteNumber("p50", report.RatioP50);
            writer.WriteNumber("p99", report.RatioP99);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + Environment.NewLine;
    }

    private static void Summary(Utf8JsonWriter writer, string name, LatencySummary summary)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("p50", summary.P50);
        writer.WriteNumber("p99", summary.P99);
        writer.WriteNumber("mean", summary.Mean);
        writer.WriteEndObject();
    }
}
