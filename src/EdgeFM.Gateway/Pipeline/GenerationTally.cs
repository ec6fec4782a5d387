using EdgeFM.Gateway.Api;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Pipeline;

/// <summary>
/// Counts what one generation stream produced as it passes: when its first text arrived, how many text updates it
/// had, and the token counts the backend reported in its usage content. Not thread-safe (one stream, one reader).
/// </summary>
internal sealed class GenerationTally(GenerationRequest request, TimeProvider time)
{
    private long? _promptTokens;
    private long? _completionTokens;
    private long _textUpdates;

    /// <summary>The text generated so far.</summary>
    public System.Text.StringBuilder Text { get; } = new();

    /// <summary><see cref="TimeProvider"/> timestamp of the first update carrying text, or null before it.</summary>
    public long? FirstTextAt { get; private set; }

    /// <summary>Prompt tokens: the backend's count, else about 4 characters a token (at least 1).</summary>
    public long PromptTokens => _promptTokens ?? Math.Max(1, request.PromptChars / 4);

    /// <summary>Generated tokens: the backend's count, else the number of text updates.</summary>
    public long CompletionTokens => _completionTokens ?? _textUpdates;

    /// <summary>Takes in one update.</summary>
    public void Observe(ChatResponseUpdate update)
    {
        if (update.Text.Length > 0)
        {
            Text.Append(update.Text);
            FirstTextAt ??= time.GetTimestamp();
            _textUpdates++;
        }

        foreach (var usage in update.Contents.OfType<UsageContent>())
        {
            _promptTokens = usage.Details.InputTokenCount ?? _promptTokens;
            _completionTokens = usage.Details.OutputTokenCount ?? _completionTokens;
        }
    }
}
