using System.Runtime.CompilerServices;
using EdgeFM.Gateway.Api;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Pipeline;

/// <summary>
/// A layer of a serving pipeline (built once per backend) that passes each generation through unchanged, tallies it,
/// and acts once when it completes (<see cref="OnCompleted"/>) for the request its options carry (see
/// <see cref="RequestFacts"/>); calls without request facts pass through unobserved. A stream that fails or is
/// abandoned never completes. Non-streaming calls go through the stream too, so both are observed alike.
/// </summary>
internal abstract class CompletionObservingChatClient(IChatClient inner, TimeProvider time) : DelegatingChatClient(inner)
{
    /// <summary>The gateway's clock.</summary>
    protected TimeProvider Time { get; } = time ?? throw new ArgumentNullException(nameof(time));

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = RequestFacts.Of(options);
        if (request is null)
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        var called = Time.GetTimestamp();
        var tally = new GenerationTally(request, Time);
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            tally.Observe(update);
            yield return update;
        }

        OnCompleted(request, tally, called, Time.GetTimestamp());
    }

    /// <summary>Called once when a request's stream has ended normally.</summary>
    /// <param name="request">The request served.</param>
    /// <param name="tally">What it produced.</param>
    /// <param name="called"><see cref="TimeProvider"/> timestamp of when the inner client was called.</param>
    /// <param name="ended"><see cref="TimeProvider"/> timestamp of its end.</param>
    protected abstract void OnCompleted(GenerationRequest request, GenerationTally tally, long called, long ended);
}
