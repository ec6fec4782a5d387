using System.Runtime.CompilerServices;
using EdgeFM.Gateway.Api;
using EdgeFM.Inference.Generation;
using EdgeFM.Inference.Models;
using Microsoft.Extensions.AI;
using InferenceFinishReason = EdgeFM.Inference.Generation.FinishReason;

namespace EdgeFM.Gateway.Backends;

/// <summary>
/// An <see cref="IChatClient"/> over a loaded <see cref="LlamaModel"/>. The prompt is the messages' texts joined by
/// blank lines (the shipped models are base models without a chat template), with BOS. Unset sampling options take
/// the runtime's defaults; <c>seed</c> makes sampling reproducible. Each call runs its own session, so calls may run
/// concurrently. Usage (prompt and generated tokens) and the finish reason arrive on the last update.
/// </summary>
public sealed class LocalModelChatClient(LlamaModel model, string modelId, TimeProvider time) : IChatClient
{
    private readonly TextGenerator _generator = new(model, time);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken).ConfigureAwait(false);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var prompt = string.Join("\n\n", messages.Select(m => m.Text).Where(t => t.Length > 0));
        var generation = ToGenerationOptions(options);
        var tokens = _generator.Encode(prompt, generation.AddBos);
        if (tokens.Length + 1 >= model.Config.ContextLength)
        {
            throw ApiException.BadRequest(
                $"The prompt is {tokens.Length} tokens; model '{modelId}' holds {model.Config.ContextLength} tokens of context here.", "messages", "context_length_exceeded");
        }

        await foreach (var token in _generator.GenerateAsync(tokens, generation, cancellationToken).ConfigureAwait(false))
        {
            if (token.FinishReason == InferenceFinishReason.Cancelled)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var update = new ChatResponseUpdate(ChatRole.Assistant, token.Text) { ModelId = modelId };
            if (token.FinishReason is { } reason)
            {
                update.FinishReason = reason == InferenceFinishReason.Length ? ChatFinishReason.Length : ChatFinishReason.Stop;
                if (token.Statistics is { } statistics)
                {
                    update.Contents.Add(new UsageContent(new UsageDetails
                    {
                        InputTokenCount = statistics.PromptTokens,
                        OutputTokenCount = statistics.GeneratedTokens,
                        TotalTokenCount = statistics.PromptTokens + statistics.GeneratedTokens,
                    }));
                }
            }

            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : serviceKey is null && serviceType == typeof(LlamaModel) ? model
        : null;

    public void Dispose()
    {
    }

    private static GenerationOptions ToGenerationOptions(ChatOptions? options)
    {
        var defaults = new GenerationOptions();
        if (options is null)
        {
            return defaults;
        }

        return defaults with
        {
            MaxTokens = options.MaxOutputTokens ?? defaults.MaxTokens,
            Temperature = options.Temperature ?? defaults.Temperature,
            TopP = options.TopP ?? defaults.TopP,
            Seed = options.Seed is { } seed ? unchecked((int)seed) : null,
            StopSequences = options.StopSequences is { Count: > 0 } stops ? [.. stops] : defaults.StopSequences,
        };
    }
}
