using EdgeFM.Core.Models;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Context;
using EdgeFM.Inference.Generation;
using EdgeFM.Inference.Models;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Pipeline;

/// <summary>
/// Puts up to k demonstrations of the edge model it wraps, chosen by Age of Context for the request's user and prompt
/// (the user's own and the shareable ones only), into a plain edge request's prompt, within a token budget: the
/// smaller of <c>--demonstration-tokens</c> and the model's context left after the prompt, the chat template's
/// overhead and <c>max_tokens</c>. A chat request gets them as earlier user/assistant turns (best last, next to the
/// question); a text completion gets each demonstration's prompt and response as text before its prompt. What was
/// chosen goes into the request's <see cref="EdgeNotes"/> for the response. NetGPT answer stages and calls without
/// request facts pass unchanged. Built once per loaded model.
/// </summary>
internal sealed class DemonstrationInsertingChatClient(IChatClient inner, LiveDemonstrations demonstrations, string modelId, LlamaModel? model, int k, int tokenBudget)
    : DelegatingChatClient(inner)
{
    /// <summary>Tokens a chat template may add around one message (role markers, separators): reserved, not counted exactly.</summary>
    private const int MessageOverhead = 8;

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var withDemonstrations = WithDemonstrations(messages, options);
        var stream = base.GetStreamingResponseAsync(withDemonstrations, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        bool any;
        try
        {
            any = await stream.MoveNextAsync().ConfigureAwait(false);
        }
        catch (ContextLengthExceededException) when (!ReferenceEquals(withDemonstrations, messages) && RequestFacts.Of(options) is { } request)
        {
            // The template's own tokens are estimated, not counted: a prompt that fits without demonstrations is
            // never refused because of them. Served as it came, without any.
            await stream.DisposeAsync().ConfigureAwait(false);
            request.Notes.Demonstrations = [];
            stream = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            any = await stream.MoveNextAsync().ConfigureAwait(false);
        }

        try
        {
            while (any)
            {
                yield return stream.Current;
                any = await stream.MoveNextAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private IEnumerable<ChatMessage> WithDemonstrations(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var request = RequestFacts.Of(options);
        if (request is null || k == 0 || request.IsAnswerStage)
        {
            return messages;
        }

        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var used = list.Sum(m => Tokens(m.Text) + MessageOverhead) + (options?.MaxOutputTokens ?? 0);
        var budget = Math.Min(tokenBudget, (model?.Config.ContextLength ?? int.MaxValue) - used);
        if (budget <= 0)
        {
            request.Notes.Demonstrations = [];
            return messages;
        }

        var selection = demonstrations.Context.Select(new ModelId(modelId), LiveDemonstrations.QueryOf(request), k, budget, Cost);
        request.Notes.Demonstrations = selection.Chosen;
        if (selection.Chosen.Count == 0)
        {
            return messages;
        }

        // Best last: the closest example sits next to the question.
        var chosen = selection.Chosen.Reverse().Select(s => s.Demonstration).ToList();
        var result = new List<ChatMessage>(list.Count + (2 * chosen.Count));
        result.AddRange(list.Take(list.Count - 1));
        if (request.Kind == EndpointKind.Chat)
        {
            foreach (var demonstration in chosen)
            {
                result.Add(new ChatMessage(ChatRole.User, demonstration.Prompt));
                result.Add(new ChatMessage(ChatRole.Assistant, demonstration.Response));
            }

            result.Add(list[^1]);
        }
        else
        {
            result.Add(new ChatMessage(list[^1].Role, string.Concat(chosen.Select(Continuation)) + list[^1].Text));
        }

        return result;
    }

    private static string Continuation(StoredDemonstration demonstration) => demonstration.Prompt + demonstration.Response + "\n\n";

    private int Cost(StoredDemonstration demonstration) =>
        Tokens(demonstration.Prompt) + Tokens(demonstration.Response) + (2 * MessageOverhead);

    /// <summary>Tokens of <paramref name="text"/> in the model's tokenizer; about 4 characters a token without one.</summary>
    private int Tokens(string text) =>
        model?.Tokenizer is { } tokenizer ? tokenizer.Encode(text, addBos: false).Length : (text.Length / 4) + 1;
}
