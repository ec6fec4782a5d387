using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Pipeline;

/// <summary>
/// The innermost layer of every serving pipeline: passes the call on without the request facts (see
/// <see cref="RequestFacts"/>), so no backend — least of all the cloud's OpenAI client, which may forward additional
/// properties on the wire — ever sees them.
/// </summary>
internal sealed class FactsStrippingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, Strip(options), cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, Strip(options), cancellationToken);

    private static ChatOptions? Strip(ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { } properties || !properties.ContainsKey(RequestFacts.Key))
        {
            return options;
        }

        var copy = options.Clone();
        var rest = new AdditionalPropertiesDictionary(properties);
        rest.Remove(RequestFacts.Key);
        copy.AdditionalProperties = rest.Count == 0 ? null : rest;
        return copy;
    }
}
