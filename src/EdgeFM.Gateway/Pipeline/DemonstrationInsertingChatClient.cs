using EdgeFM.Core.Models;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Context;
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
        base.GetResponseAsync(WithDemonstrations(messages, options), options, cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(WithDemonstrations(messages, options), options, cancellationToken);

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
            return list;
        }

        var selection = demonstrations.Context.Select(new ModelId(modelId), LiveDemonstrations.QueryOf(request), k, budget, Cost);
        request.Notes.Demonstrations = selection.Chosen;
        if (selection.Chosen.Count == 0)
        {
            return list;
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
