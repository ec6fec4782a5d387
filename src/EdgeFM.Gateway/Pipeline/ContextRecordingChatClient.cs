using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Cache;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Pipeline;

/// <summary>
/// Leaves a demonstration in the serving edge model's context store when a generation completes: now, on the
/// request's topic, as long as its prompt plus generated tokens (see <see cref="ModelCache.RecordDemonstration"/>).
/// A stream that fails or is abandoned leaves nothing. Composed per request around an edge model's backend.
/// </summary>
internal sealed class ContextRecordingChatClient(IChatClient inner, ModelCache cache, GenerationRequest request)
    : CompletionObservingChatClient(inner, request)
{
    /// <inheritdoc />
    protected override void OnCompleted(GenerationTally tally, long called, long ended) =>
        cache.RecordDemonstration(Request.Model, Request.Topic, tally.PromptTokens + tally.CompletionTokens);
}
