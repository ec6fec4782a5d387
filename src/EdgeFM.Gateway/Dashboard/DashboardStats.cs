using System.Globalization;
using System.Text.Json;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Cloud;
using EdgeFM.Gateway.Configuration;
using EdgeFM.Gateway.Context;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Planning;

namespace EdgeFM.Gateway.Dashboard;

/// <summary>
/// Writes the gateway's live state as one JSON object (<c>GET /v1/edge/stats</c>, and each event of
/// <c>GET /v1/edge/events</c>) with a <see cref="Utf8JsonWriter"/>, so no reflection is needed and the native build
/// serves it. Field meanings and units are in docs/dashboard.md.
/// </summary>
internal sealed class DashboardStats(
    GatewayOptions options,
    LiveModelCache cache,
    RequestPlanner planner,
    ContextLedger ledger,
    GatewayMetrics metrics,
    GatewayEventLog events,
    ResilientChatClient? cloud,
    TimeProvider time)
{
    /// <summary>Seconds the per-placement rates and percentiles cover.</summary>
    public const int WindowSeconds = 60;

    /// <summary>Seconds of history the charts show.</summary>
    public const int HistorySeconds = 120;

    /// <summary>Seconds per point of the latency chart.</summary>
    public const int LatencyStepSeconds = 5;

    /// <summary>Events each snapshot carries, newest first.</summary>
    public const int EventCount = 50;

    private static readonly string[] CloudResults = ["ok", "error", "timeout", "rejected", "stalled"];

    public void Write(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var now = time.GetUtcNow();
        var snapshot = cache.Snapshot();
        writer.WriteStartObject();
        writer.WriteString("time", Iso(now));
        writer.WriteString("role", options.Role == GatewayRole.Edge ? "edge" : "cloud");
        writer.WriteString("policy", planner.PolicyName);
        writer.WriteString("placement_policy", options.Placement.Policy);
        writer.WriteNumber("budget_bytes", cache.BudgetBytes);
        writer.WriteNumber("used_bytes", cache.UsedBytes);
        writer.WriteNumber("queue_depth", metrics.QueueDepth.Value());
        WriteModels(writer, snapshot);
        WriteTraffic(writer, now);
        WriteEvents(writer);
        WriteCloud(writer);
        writer.WriteEndObject();
    }

    private void WriteModels(Utf8JsonWriter writer, IReadOnlyList<CachedModelInfo> snapshot)
    {
        writer.WriteStartArray("models");
        foreach (var info in snapshot)
        {
            writer.WriteStartObject();
            writer.WriteString("id", info.Id);
            writer.WriteString("state", GatewayEndpoints.StateName(info.State));
            writer.WriteNumber("bytes", info.Bytes);
            writer.WriteBoolean("pinned", info.Pinned);
            writer.WriteNumber("in_flight", info.InFlight);
            writer.WriteNumber("requests_served", info.Requests);
            writer.WriteNumber("requests_seen", ledger.RequestCount(info.Id));
            writer.WriteNumber("context_value", planner.ContextValueOf(info.Id));
            writer.WriteNumber("demonstrations", planner.DemonstrationsOf(info.Id));
            writer.WriteNumber("demand", ledger.CurrentDemandValue(info.Id));
            GatewayEndpoints.WriteTime(writer, "loaded_at", info.LoadedAt);
            GatewayEndpoints.WriteTime(writer, "last_use", info.LastUse);
            writer.WriteString("parent", info.Parent);
            writer.WriteString("failure", info.Failure);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private void WriteTraffic(Utf8JsonWriter writer, DateTimeOffset now)
    {
        var history = metrics.Recent.Since(now.AddSeconds(-HistorySeconds));
        var placements = new List<string> { "edge", "cloud" };
        placements.AddRange(history.Select(s => s.Placement).Where(p => !placements.Contains(p, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var windowStart = now.AddSeconds(-WindowSeconds);
        writer.WriteStartObject("traffic");
        writer.WriteNumber("window_seconds", WindowSeconds);
        writer.WriteNumber("total", metrics.Recent.Total);
        writer.WriteStartArray("placements");
        foreach (var placement in placements)
        {
            var recent = history.Where(s => s.EndedAt >= windowStart && string.Equals(s.Placement, placement, StringComparison.Ordinal)).ToList();
            writer.WriteStartObject();
            writer.WriteString("placement", placement);
            writer.WriteNumber("requests", recent.Count);
            writer.WriteNumber("per_second", Math.Round((double)recent.Count / WindowSeconds, 3));
            WritePercentiles(writer, "ttft_ms", recent.Where(s => s.FirstTokenSeconds.HasValue).Select(s => s.FirstTokenSeconds!.Value));
            WritePercentiles(writer, "latency_ms", recent.Select(s => s.LatencySeconds));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        // Whole seconds, so successive snapshots line up on the same points.
        var end = now.ToUnixTimeSeconds();
        writer.WriteStartObject("series");
        writer.WriteNumber("end", end);
        writer.WriteNumber("step_seconds", 1);
        writer.WriteStartObject("requests");
        foreach (var placement in placements)
        {
            writer.WriteStartArray(placement);
            var counts = new int[HistorySeconds];
            foreach (var sample in history.Where(s => string.Equals(s.Placement, placement, StringComparison.Ordinal)))
            {
                var slot = HistorySeconds - 1 - (int)(end - sample.EndedAt.ToUnixTimeSeconds());
                if (slot is >= 0 and < HistorySeconds)
                {
                    counts[slot]++;
                }
            }

            foreach (var count in counts)
            {
                writer.WriteNumberValue(count);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteNumber("latency_step_seconds", LatencyStepSeconds);
        writer.WriteStartObject("latency_p50_ms");
        const int points = HistorySeconds / LatencyStepSeconds;
        foreach (var placement in placements)
        {
            writer.WriteStartArray(placement);
            for (var i = 0; i < points; i++)
            {
                var bucketEnd = end - ((points - 1 - i) * LatencyStepSeconds);
                var values = history
                    .Where(s => string.Equals(s.Placement, placement, StringComparison.Ordinal))
                    .Where(s => s.EndedAt.ToUnixTimeSeconds() <= bucketEnd && s.EndedAt.ToUnixTimeSeconds() > bucketEnd - LatencyStepSeconds)
                    .Select(s => s.LatencySeconds)
                    .Order()
                    .ToList();
                if (values.Count == 0)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteNumberValue(Math.Round(Percentile(values, 0.5) * 1000, 3));
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void WriteEvents(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("events");
        foreach (var e in events.Latest(EventCount))
        {
            writer.WriteStartObject();
            writer.WriteNumber("sequence", e.Sequence);
            writer.WriteString("time", Iso(e.Time));
            writer.WriteString("kind", e.Kind);
            writer.WriteString("model", e.Model);
            writer.WriteNumber("bytes", e.Bytes);
            writer.WriteString("reason", e.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private void WriteCloud(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("cloud");
        writer.WriteBoolean("configured", cloud is not null);
        writer.WriteString("circuit", cloud is null ? "none" : cloud.CircuitState switch
        {
            Polly.CircuitBreaker.CircuitState.Closed => "closed",
            Polly.CircuitBreaker.CircuitState.Open => "open",
            Polly.CircuitBreaker.CircuitState.HalfOpen => "half-open",
            _ => "isolated",
        });
        writer.WriteStartObject("attempts");
        foreach (var result in CloudResults)
        {
            writer.WriteNumber(result, metrics.CloudAttempts.Value(result));
        }

        writer.WriteEndObject();
        writer.WriteNumber("fallbacks", metrics.CloudFallbacks.Value());
        writer.WriteEndObject();
    }

    private static void WritePercentiles(Utf8JsonWriter writer, string name, IEnumerable<double> seconds)
    {
        var sorted = seconds.Order().ToList();
        writer.WriteStartObject(name);
        foreach (var (label, q) in new[] { ("p50", 0.5), ("p95", 0.95), ("p99", 0.99) })
        {
            if (sorted.Count == 0)
            {
                writer.WriteNull(label);
            }
            else
            {
                writer.WriteNumber(label, Math.Round(Percentile(sorted, q) * 1000, 3));
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>The nearest-rank percentile of ascending <paramref name="sorted"/> values: the smallest value with at least q of them at or below it.</summary>
    internal static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
