using System.Diagnostics;
using System.Runtime.CompilerServices;
using EdgeFM.Gateway.Api;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Pipeline;

/// <summary>
/// A layer that passes a request's generation through unchanged, tallies it, and acts once when it completes
/// (<see cref="OnCompleted"/>); a stream that fails or is abandoned never completes. Non-streaming calls go through
/// the stream too, so both are observed alike.
/// </summary>
internal abstract class CompletionObservingChatClient(IChatClient inner, GenerationRequest request) : DelegatingChatClient(inner)
{
    /// <summary>The request this layer serves.</summary>
    protected GenerationRequest Request { get; } = request ?? throw new ArgumentNullException(nameof(request));

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var called = Stopwatch.GetTimestamp();
        var tally = new GenerationTally(Request);
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            tally.Observe(update);
            yield return update;
        }

        OnCompleted(tally, called, Stopwatch.GetTimestamp());
    }

    /// <summary>Called once when the stream has ended normally.</summary>
    /// <param name="tally">What it produced.</param>
    /// <param name="called"><see cref="Stopwatch"/> timestamp of when the inner client was called.</param>
    /// <param name="ended"><see cref="Stopwatch"/> timestamp of its end.</param>
    protected abstract void OnCompleted(GenerationTally tally, long called, long ended);
}
