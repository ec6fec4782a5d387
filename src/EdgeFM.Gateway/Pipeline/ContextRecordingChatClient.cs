using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Context;
using EdgeFM.Gateway.Metrics;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Pipeline;

/// <summary>
/// Records a demonstration of the edge model it wraps when a request's generation completes: the request's concise
/// prompt, the generated text, its user and sharing flag, stamped now (queued: the store's writer commits it off the
/// request path). A stream that fails or is abandoned leaves nothing; a NetGPT answer stage leaves nothing (its
/// completion stage recorded the request). Built once per loaded model.
/// </summary>
internal sealed class ContextRecordingChatClient(IChatClient inner, LiveDemonstrations demonstrations, string modelId, GatewayMetrics metrics, TimeProvider time)
    : CompletionObservingChatClient(inner, time)
{
    /// <inheritdoc />
    protected override void OnCompleted(GenerationRequest request, GenerationTally tally, long called, long ended)
    {
        if (request.IsAnswerStage)
        {
            return;
        }

        if (!demonstrations.Record(modelId, request, tally.Text.ToString()))
        {
            metrics.DemonstrationsDropped.Add(1);
        }

        _ = UpdateGaugeAsync();
    }

    /// <summary>Sets the model's context-value gauge once what was just recorded is committed (off the request path).</summary>
    private async Task UpdateGaugeAsync()
    {
        try
        {
            await demonstrations.FlushAsync().ConfigureAwait(false);
            metrics.ContextValue.Set(demonstrations.Context.TotalValue(new Core.Models.ModelId(modelId)), modelId);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or OperationCanceledException or Microsoft.Data.Sqlite.SqliteException)
        {
            // The store is closing or failed to commit: the gauge keeps its last value; the store counts the loss.
        }
    }
}
