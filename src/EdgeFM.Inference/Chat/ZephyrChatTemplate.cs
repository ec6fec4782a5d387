using Microsoft.Extensions.AI;

namespace EdgeFM.Inference.Chat;

/// <summary>Zephyr: <c>&lt;|{role}|&gt;\n{content}&lt;/s&gt;\n</c> per message, then <c>&lt;|assistant|&gt;\n</c>.</summary>
public sealed class ZephyrChatTemplate : IChatTemplate
{
    /// <inheritdoc />
    public string Name => ChatTemplateNames.Zephyr;

    /// <inheritdoc />
    public IReadOnlyList<string> EndOfTurnTokens => [];

    /// <inheritdoc />
    public IReadOnlyList<string> StopSequences => ["</s>", "<|user|>"];

    /// <inheritdoc />
    public IReadOnlyList<ChatSegment> Render(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var segments = new List<ChatSegment>();
        foreach (var message in messages)
        {
            segments.Add(new ChatSegment($"<|{message.Role.Value}|>\n{message.Text}"));
            segments.Add(ChatSegment.Special("</s>"));
            segments.Add(new ChatSegment("\n"));
        }

        segments.Add(new ChatSegment("<|assistant|>\n"));
        return segments;
    }
}
