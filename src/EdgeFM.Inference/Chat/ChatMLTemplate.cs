using Microsoft.Extensions.AI;

namespace EdgeFM.Inference.Chat;

/// <summary>ChatML: <c>&lt;|im_start|&gt;{role}\n{content}&lt;|im_end|&gt;\n</c> per message, then <c>&lt;|im_start|&gt;assistant\n</c>.</summary>
public sealed class ChatMLTemplate : IChatTemplate
{
    /// <inheritdoc />
    public string Name => ChatTemplateNames.ChatML;

    /// <inheritdoc />
    public IReadOnlyList<string> EndOfTurnTokens => ["<|im_end|>"];

    /// <inheritdoc />
    public IReadOnlyList<string> StopSequences => ["<|im_end|>"];

    /// <inheritdoc />
    public IReadOnlyList<ChatSegment> Render(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var segments = new List<ChatSegment>();
        foreach (var message in messages)
        {
            segments.Add(ChatSegment.Special("<|im_start|>"));
            segments.Add(new ChatSegment($"{message.Role.Value}\n{message.Text}"));
            segments.Add(ChatSegment.Special("<|im_end|>"));
            segments.Add(new ChatSegment("\n"));
        }

        segments.Add(ChatSegment.Special("<|im_start|>"));
        segments.Add(new ChatSegment("assistant\n"));
        return segments;
    }
}
