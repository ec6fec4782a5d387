using Microsoft.Extensions.AI;

namespace EdgeFM.Inference.Chat;

/// <summary>
/// Llama 2 chat: <c>[INST] &lt;&lt;SYS&gt;&gt;\n{system}\n&lt;&lt;/SYS&gt;&gt;\n\n{user} [/INST] {assistant} &lt;/s&gt;&lt;s&gt;[INST] {user} [/INST]</c>;
/// the system prompt goes into the first user turn.
/// </summary>
public sealed class Llama2ChatTemplate : IChatTemplate
{
    /// <inheritdoc />
    public string Name => ChatTemplateNames.Llama2;

    /// <inheritdoc />
    public IReadOnlyList<string> EndOfTurnTokens => [];

    /// <inheritdoc />
    public IReadOnlyList<string> StopSequences => ["[INST]"];

    /// <inheritdoc />
    public IReadOnlyList<ChatSegment> Render(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var segments = new List<ChatSegment>();
        var system = string.Join("\n", messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text));
        var firstUser = true;
        foreach (var message in messages.Where(m => m.Role != ChatRole.System))
        {
            if (message.Role == ChatRole.Assistant)
            {
                segments.Add(new ChatSegment($" {message.Text.Trim()} "));
                segments.Add(ChatSegment.Special("</s>"));
                segments.Add(ChatSegment.Special("<s>"));
                continue;
            }

            var text = firstUser && system.Length > 0 ? $"<<SYS>>\n{system}\n<</SYS>>\n\n{message.Text.Trim()}" : message.Text.Trim();
            firstUser = false;
            segments.Add(new ChatSegment($"[INST] {text} [/INST]"));
        }

        return segments;
    }
}
