using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Context;
using EdgeFM.Gateway.Metrics;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Pipeline;

/// <summary>
/// Leaves a demonstration in the context ledger of the edge model it wraps when a request's generation completes:
/// now, on the request's topic. A stream that fails or is abandoned leaves nothing. Built once per loaded model.
/// </summary>
internal sealed class ContextRecordingChatClient(IChatClient inner, ContextLedger ledger, string modelId, GatewayMetrics metrics, TimeProvider time)
    : CompletionObservingChatClient(inner, time)
{
    /// <inheritdoc />
    protected override void OnCompleted(GenerationRequest request, GenerationTally tally, long called, long ended)
    {
        ledger.RecordDemonstration(modelId, ledger.Now, request.Topic);
        metrics.ContextValue.Set(ledger.CurrentContextValue(modelId), modelId);
    }
}
