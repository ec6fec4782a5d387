using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Placing;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Pipeline;

/// <summary>
/// Records each request's generation when its stream completes: prompt and generated tokens, time to first token and
/// request latency (both from when the gateway received the request, so they include queueing and loading), labelled
/// with the placement; and the service rates placement estimates with (measured from when the backend was called:
/// per-token prefill and decode seconds for an edge model, end-to-end seconds for the cloud). A stream that fails or
/// is abandoned records nothing. Built once per backend.
/// </summary>
internal sealed class MetricsChatClient(IChatClient inner, string placement, GatewayMetrics metrics, ServiceRates rates, TimeProvider time)
    : CompletionObservingChatClient(inner, time)
{
    /// <summary>The placement label of the cloud link.</summary>
    public const string Cloud = "cloud";

    /// <summary>The placement label of this gateway's own models.</summary>
    public const string Edge = "edge";

    /// <inheritdoc />
    protected override void OnCompleted(GenerationRequest request, GenerationTally tally, long called, long ended)
    {
        metrics.GeneratedTokens.Add(tally.CompletionTokens, placement);
        metrics.PromptTokens.Add(tally.PromptTokens, placement);
        var latency = Time.GetElapsedTime(request.ReceivedTimestamp, ended).TotalSeconds;
        metrics.RequestSeconds.Observe(latency, placement);
        double? firstToken = tally.FirstTextAt is { } first ? Time.GetElapsedTime(request.ReceivedTimestamp, first).TotalSeconds : null;
        if (firstToken is { } seconds)
        {
            metrics.TimeToFirstToken.Observe(seconds, placement);
        }

        metrics.Recent.Record(Time.GetUtcNow(), placement, firstToken, latency);

        if (string.Equals(placement, Cloud, StringComparison.Ordinal))
        {
            rates.RecordCloud(Time.GetElapsedTime(called, ended).TotalSeconds);
        }
        else if (tally.FirstTextAt is { } firstText)
        {
            rates.RecordEdge(request.Model, tally.PromptTokens, tally.CompletionTokens, Time.GetElapsedTime(called, firstText).TotalSeconds, Time.GetElapsedTime(called, ended).TotalSeconds);
        }
    }
}
