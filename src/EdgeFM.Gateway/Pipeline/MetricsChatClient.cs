using System.Diagnostics;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Placing;
using EdgeFM.Gateway.Routing;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Pipeline;

/// <summary>
/// Records one request's generation when its stream completes: prompt and generated tokens, time to first token and
/// request latency (both from when the gateway received the request, so they include queueing and loading), labelled
/// with the placement; and the service rates placement estimates with (measured from when the backend was called:
/// per-token prefill and decode seconds for an edge model, end-to-end seconds for the cloud). A stream that fails or
/// is abandoned records nothing. Composed per request around the backend that serves it.
/// </summary>
internal sealed class MetricsChatClient(IChatClient inner, Placement placement, GatewayMetrics metrics, ServiceRates rates, GenerationRequest request)
    : CompletionObservingChatClient(inner, request)
{
    /// <inheritdoc />
    protected override void OnCompleted(GenerationTally tally, long called, long ended)
    {
        var label = placement == Placement.Edge ? "edge" : "cloud";
        metrics.GeneratedTokens.Add(tally.CompletionTokens, label);
        metrics.PromptTokens.Add(tally.PromptTokens, label);
        metrics.RequestSeconds.Observe(Stopwatch.GetElapsedTime(Request.ReceivedTimestamp, ended).TotalSeconds, label);
        if (tally.FirstTextAt is { } first)
        {
            metrics.TimeToFirstToken.Observe(Stopwatch.GetElapsedTime(Request.ReceivedTimestamp, first).TotalSeconds, label);
        }

        if (placement == Placement.Cloud)
        {
            rates.RecordCloud(Stopwatch.GetElapsedTime(called, ended).TotalSeconds);
        }
        else if (tally.FirstTextAt is { } firstText)
        {
            rates.RecordEdge(Request.Model, tally.PromptTokens, tally.CompletionTokens, Stopwatch.GetElapsedTime(called, firstText).TotalSeconds, Stopwatch.GetElapsedTime(called, ended).TotalSeconds);
        }
    }
}
