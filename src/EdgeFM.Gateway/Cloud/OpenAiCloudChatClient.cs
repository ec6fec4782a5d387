using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI;

namespace EdgeFM.Gateway.Cloud;

/// <summary>
/// The cloud link's transport: Microsoft.Extensions.AI.OpenAI's adapter (<c>OpenAIClient.GetChatClient(model)
/// .AsIChatClient()</c>) pointed at any OpenAI-compatible endpoint, always streaming, with the checks the adapter does
/// not make. The model is chosen per request: the fixed cloud model when one is configured, else the request's
/// <see cref="ChatOptions.ModelId"/>. The SDK's own retries are off: <see cref="ResilientChatClient"/> owns retries
/// and time limits.
/// </summary>
/// <remarks>
/// What the checks turn into exceptions (see docs/gateway.md, "Faults and how the gateway answers them"):
/// a 4xx other than 408/429 is <see cref="CloudRejectedException"/>; a 200 whose body holds no completion chunk or
/// is not JSON is <see cref="CloudBadResponseException"/>; a stream that ends without the cloud's finish reason, or
/// whose body cannot be read after the first chunk, is <see cref="CloudStreamBrokenException"/>. The adapter does not
/// show whether <c>data: [DONE]</c> arrived, so the finish reason is what marks an answer complete.
/// </remarks>
public sealed class OpenAiCloudChatClient : IChatClient
{
    private readonly OpenAIClient _client;
    private readonly string? _fixedModel;

    /// <summary>Creates a client for an OpenAI-compatible endpoint.</summary>
    /// <param name="endpoint">Base URL including <c>/v1</c>.</param>
    /// <param name="apiKey">Bearer key, or null for an open endpoint.</param>
    /// <param name="fixedModel">Model name to always ask for, or null to forward <see cref="ChatOptions.ModelId"/>.</param>
    /// <param name="networkTimeout">
    /// The SDK's own limit on one HTTP exchange and on each read of the stream; only a backstop, set it above the
    /// gateway's cloud time limits.
    /// </param>
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

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken).ConfigureAwait(false);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var model = _fixedModel ?? options?.ModelId ?? throw new ArgumentException("A model id is required for the cloud.", nameof(options));
        var perRequest = options?.Clone() ?? new ChatOptions();
        perRequest.ModelId = model;

        // One adapter per request: the model differs per request, and a ChatClient is a thin view over the shared pipeline.
        using var adapter = _client.GetChatClient(model).AsIChatClient();
        var stream = adapter.GetStreamingResponseAsync(messages, perRequest, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            var chunks = 0;
            var finished = false;
            while (await MoveNextAsync(stream, chunks > 0).ConfigureAwait(false))
            {
                chunks++;
                finished |= stream.Current.FinishReason is not null;
                yield return stream.Current;
            }

            if (chunks == 0)
            {
                throw new CloudBadResponseException("The cloud answered 200 without any chat completion chunk (not an OpenAI stream).");
            }

            if (!finished)
            {
                throw new CloudStreamBrokenException($"The cloud's stream ended after {chunks} chunks without a finish reason: the answer is incomplete.");
            }
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    /// <summary>Advances the adapter's stream, turning what the cloud did wrong into the cloud link's exceptions.</summary>
    private static async ValueTask<bool> MoveNextAsync(IAsyncEnumerator<ChatResponseUpdate> stream, bool started)
    {
        try
        {
            return await stream.MoveNextAsync().ConfigureAwait(false);
        }
        catch (ClientResultException ex) when (!CloudRejectedException.IsRetryable(ex.Status))
        {
            throw CloudRejectedException.From(ex);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw started
                ? new CloudStreamBrokenException($"The cloud's stream broke mid-answer: an event could not be read ({ex.Message}).", ex)
                : new CloudBadResponseException($"The cloud answered 200 with a body that is not an OpenAI chat completion stream ({ex.Message}).", ex);
        }
        catch (Exception ex) when (started && ex is IOException or HttpRequestException)
        {
            throw new CloudStreamBrokenException($"The cloud's connection broke mid-answer ({ex.Message}).", ex);
        }
    }
}
