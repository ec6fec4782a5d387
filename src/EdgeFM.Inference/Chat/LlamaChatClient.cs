using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using EdgeFM.Inference.Generation;
using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Tokenization;
using Microsoft.Extensions.AI;

namespace EdgeFM.Inference.Chat;

/// <summary>
/// An <see cref="IChatClient"/> over a loaded <see cref="LlamaModel"/>. Messages are rendered with the chat template
/// detected from the model's <c>tokenizer.chat_template</c> (or the plain template, see <see cref="PlainChatTemplate"/>).
/// Every call runs its own session, so concurrent calls are safe. The client does not own the model.
/// </summary>
/// <remarks>
/// <see cref="ChatOptions"/> map to <see cref="GenerationOptions"/>: MaxOutputTokens (default 256), Temperature
/// (default 0.8), TopP, TopK, Seed, StopSequences; FrequencyPenalty f becomes the repetition penalty 1 + f (at least
/// 0.01); AdditionalProperties <c>min_p</c> and <c>repetition_penalty</c> set those directly.
/// </remarks>
public sealed class LlamaChatClient : IChatClient
{
    private readonly LlamaModel _model;
    private readonly TextGenerator _generator;
    private readonly ITokenizer _tokenizer;
    private readonly Dictionary<string, int> _specialTokens;
    private readonly TimeProvider _time;

    /// <summary>Creates a client for <paramref name="model"/>, reported as <paramref name="modelId"/>.</summary>
    /// <param name="model">A model with a tokenizer.</param>
    /// <param name="modelId">The id responses carry.</param>
    /// <param name="template">The chat template; null detects it from the model.</param>
    /// <param name="timeProvider">Clock for response timestamps.</param>
    public LlamaChatClient(LlamaModel model, string modelId, IChatTemplate? template = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        _model = model;
        _tokenizer = model.Tokenizer ?? throw new ArgumentException($"{model.FilePath}: the model has no tokenizer; load it with one to chat.", nameof(model));
        ModelId = modelId;
        _time = timeProvider ?? TimeProvider.System;
        _generator = new TextGenerator(model, _time);
        Template = template ?? ChatTemplates.Detect(model.ChatTemplate);
        _specialTokens = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < _tokenizer.VocabularySize; id++)
        {
            var text = _tokenizer.GetTokenText(id);
            if (text.Length > 2 && text[0] == '<' && text[^1] == '>')
            {
                _specialTokens.TryAdd(text, id);
            }
        }
    }

    /// <summary>The id responses carry.</summary>
    public string ModelId { get; }

    /// <summary>The chat template in use.</summary>
    public IChatTemplate Template { get; }

    /// <summary>
    /// A LoRA adapter applied unmerged to every generation of this client (each call's own session), or null for the
    /// base model. It must fit the model (<see cref="LoraAdapter.CheckFits"/>). Clients with different adapters may
    /// share one model and run at once.
    /// </summary>
    public LoraAdapter? Adapter { get; init; }

    /// <summary>User scale of <see cref="Adapter"/> (<see cref="GenerationOptions.AdapterScale"/>); default 1.</summary>
    public float AdapterScale { get; init; } = 1f;

    /// <summary>The prompt token ids for <paramref name="messages"/> (BOS first when the tokenizer adds it by default).</summary>
    public int[] EncodePrompt(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var tokens = new List<int>();
        if (_tokenizer.AddBosByDefault && _tokenizer.BosTokenId >= 0)
        {
            tokens.Add(_tokenizer.BosTokenId);
        }

        foreach (var segment in Template.Render([.. messages]))
        {
            if (segment.IsSpecialToken && _specialTokens.TryGetValue(segment.Text, out var id))
            {
                tokens.Add(id);
            }
            else
            {
                tokens.AddRange(_tokenizer.Encode(segment.Text, addBos: false));
            }
        }

        return [.. tokens];
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        response.ModelId = ModelId;
        return response;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prompt = EncodePrompt(messages);
        var generation = ToGenerationOptions(options);
        var responseId = $"chatcmpl-{Guid.NewGuid():N}";
        var created = _time.GetUtcNow();
        await foreach (var token in _generator.GenerateAsync(prompt, generation, cancellationToken).ConfigureAwait(false))
        {
            if (token.FinishReason == FinishReason.Cancelled)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var update = new ChatResponseUpdate(ChatRole.Assistant, token.Text)
            {
                ResponseId = responseId,
                MessageId = responseId,
                ModelId = ModelId,
                CreatedAt = created,
            };
            if (token.Statistics is { } statistics)
            {
                update.FinishReason = token.FinishReason == FinishReason.Length ? ChatFinishReason.Length : ChatFinishReason.Stop;
                update.Contents.Add(new UsageContent(new UsageDetails
                {
                    InputTokenCount = statistics.PromptTokens,
                    OutputTokenCount = statistics.GeneratedTokens,
                    TotalTokenCount = statistics.PromptTokens + statistics.GeneratedTokens,
                }));
            }

            yield return update;
        }
    }

    /// <summary>The generation options <paramref name="options"/> map to (see the class remarks).</summary>
    public GenerationOptions ToGenerationOptions(ChatOptions? options)
    {
        var defaults = new GenerationOptions();
        var stopTokens = Template.EndOfTurnTokens.Where(_specialTokens.ContainsKey).Select(t => _specialTokens[t]).ToArray();
        var stops = Template.StopSequences.Concat(options?.StopSequences ?? []).ToArray();
        if (options is null)
        {
            return defaults with { StopTokenIds = stopTokens, StopSequences = stops, Adapter = Adapter, AdapterScale = AdapterScale };
        }

        var repetition = options.FrequencyPenalty is { } f ? Math.Max(0.01f, 1 + f) : defaults.RepetitionPenalty;
        return defaults with
        {
            MaxTokens = options.MaxOutputTokens ?? defaults.MaxTokens,
            Temperature = options.Temperature ?? defaults.Temperature,
            TopP = options.TopP ?? defaults.TopP,
            TopK = options.TopK ?? defaults.TopK,
            MinP = Additional(options, "min_p") ?? defaults.MinP,
            RepetitionPenalty = Additional(options, "repetition_penalty") ?? repetition,
            Seed = options.Seed is { } seed ? unchecked((int)seed ^ (int)(seed >> 32)) : null,
            StopSequences = stops,
            StopTokenIds = stopTokens,
            Adapter = Adapter,
            AdapterScale = AdapterScale,
        };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return new ChatClientMetadata("edgefm", new Uri(_model.FilePath), ModelId);
        }

        if (serviceType == typeof(LlamaModel))
        {
            // Lets a host build more clients (e.g. one per LoRA adapter) over the model it already loaded.
            return _model;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Nothing to release: the model belongs to the caller.</summary>
    public void Dispose()
    {
    }

    private static float? Additional(ChatOptions options, string key)
    {
        if (options.AdditionalProperties?.TryGetValue(key, out var value) != true || value is null)
        {
            return null;
        }

        try
        {
            return value is JsonElement { ValueKind: JsonValueKind.Number } json ? json.GetSingle() : Convert.ToSingle(value, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
        {
            throw new ArgumentException($"Chat option '{key}' is '{value}'; it must be a number.", nameof(options), ex);
        }
    }
}
