using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Tests.Support;

/// <summary>
/// Test-only backend: answers "&lt;model&gt;-0 &lt;model&gt;-1 ..." one word per token, up to max tokens, with an
/// optional delay per token; observes cancellation.
/// </summary>
public sealed class FakeChatClient(string modelId, TimeSpan tokenDelay, FakeModelLoader owner) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        owner.Prompts.Enqueue([.. messages]);
        var count = options?.MaxOutputTokens ?? 8;
        var promptWords = messages.Sum(m => m.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Interlocked.Increment(ref owner.Generations);
        try
        {
            for (var i = 0; i < count; i++)
            {
                if (tokenDelay > TimeSpan.Zero)
                {
                    await Task.Delay(tokenDelay, cancellationToken);
                }

                cancellationToken.ThrowIfCancellationRequested();
                var word = options?.StopSequences?.Contains($"{modelId}-{i}") == true ? null : (i == 0 ? string.Empty : " ") + $"{modelId}-{i}";
                if (word is null)
                {
                    yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = promptWords, OutputTokenCount = i })]) { FinishReason = ChatFinishReason.Stop };
                    yield break;
                }

                yield return new ChatResponseUpdate(ChatRole.Assistant, word);
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = promptWords, OutputTokenCount = count })]) { FinishReason = ChatFinishReason.Length };
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref owner.CancelledGenerations);
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
