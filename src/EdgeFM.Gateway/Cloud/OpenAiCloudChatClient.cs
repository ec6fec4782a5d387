using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatRole = Microsoft.Extensions.AI.ChatRole;
using AiFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using OpenAiFinishReason = OpenAI.Chat.ChatFinishReason;

namespace EdgeFM.Gateway.Cloud;

/// <summary>
/// An <see cref="IChatClient"/> over the official OpenAI .NET SDK's <see cref="ChatClient"/>, pointed at any
/// OpenAI-compatible endpoint. The SDK's own retries are off: the gateway's resilience pipeline owns retries.
/// </summary>
public sealed class OpenAiCloudChatClient : IChatClient
{
    private readonly OpenAIClient _client;
    private readonly string? _fixedModel;

    /// <summary>Creates a client for an OpenAI-compatible endpoint.</summary>
    /// <param name="endpoint">Base URL including <c>/v1</c>.</param>
    /// <param name="apiKey">Bearer key, or null for an open endpoint.</param>
    /// <param name="fixedModel">Model name to always ask for, or null to forward <see cref="ChatOptions.ModelId"/>.</param>
    /// <param name="networkTimeout">Time limit of one HTTP exchange in the SDK.</param>
    /// <param name="transport">HTTP transport (tests), or null for the default.</param>
    public OpenAiCloudChatClient(Uri endpoint, string? apiKey, string? fixedModel, TimeSpan networkTimeout, HttpClient? transport = null)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = networkTimeout,
        };
        if (transport is not null)
        {
            options.Transport = new HttpClientPipelineTransport(transport);
        }

        // An OpenAI-compatible server without auth still gets a well-formed bearer header.
        _client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "none" : apiKey), options);
        _fixedModel = fixedModel;
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken).ConfigureAwait(false);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AiChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var model = _fixedModel ?? options?.ModelId ?? throw new ArgumentException("A model id is required for the cloud.", nameof(options));
        var chat = _client.GetChatClient(model);
        var updates = chat.CompleteChatStreamingAsync(messages.Select(ToOpenAi), ToOpenAi(options), cancellationToken);
        await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var contents = new List<AIContent>();
            foreach (var part in update.ContentUpdate)
            {
                if (!string.IsNullOrEmpty(part.Text))
                {
                    contents.Add(new TextContent(part.Text));
                }
            }

            if (update.Usage is { } usage)
            {
                contents.Add(new UsageContent(new UsageDetails
                {
                    InputTokenCount = usage.InputTokenCount,
                    OutputTokenCount = usage.OutputTokenCount,
                    TotalTokenCount = usage.TotalTokenCount,
                }));
            }

            yield return new ChatResponseUpdate(AiChatRole.Assistant, contents)
            {
                ModelId = update.Model,
                FinishReason = update.FinishReason is { } reason ? FromOpenAi(reason) : null,
            };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static OpenAI.Chat.ChatMessage ToOpenAi(AiChatMessage message)
    {
        var text = message.Text;
        if (message.Role == AiChatRole.System)
        {
            return new SystemChatMessage(text);
        }

        if (message.Role == AiChatRole.Assistant)
        {
            return new AssistantChatMessage(text);
        }

        return new UserChatMessage(text);
    }

    [SuppressMessage("Usage", "OPENAI001", Justification = "Seed is part of the chat completions wire format the gateway forwards.")]
    private static ChatCompletionOptions ToOpenAi(ChatOptions? options)
    {
        var result = new ChatCompletionOptions();
        if (options is null)
        {
            return result;
        }

        result.MaxOutputTokenCount = options.MaxOutputTokens;
        result.Temperature = options.Temperature;
        result.TopP = options.TopP;
#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK but is a stable wire field.
        result.Seed = options.Seed;
#pragma warning restore OPENAI001
        foreach (var stop in options.StopSequences ?? [])
        {
            result.StopSequences.Add(stop);
        }

        return result;
    }

    private static AiFinishReason FromOpenAi(OpenAiFinishReason reason) => reason switch
    {
        OpenAiFinishReason.Length => AiFinishReason.Length,
        OpenAiFinishReason.ContentFilter => AiFinishReason.ContentFilter,
        OpenAiFinishReason.ToolCalls or OpenAiFinishReason.FunctionCall => AiFinishReason.ToolCalls,
        _ => AiFinishReason.Stop,
    };
}
