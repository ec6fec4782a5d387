using Microsoft.Extensions.AI;

namespace EdgeFM.Inference.Chat;

/// <summary>
/// The fallback for models without a chat template: each message as <c>{Role}: {content}\n\n</c> (roles capitalized:
/// System, User, Assistant, Tool), then <c>Assistant:</c>. The turn ends at the model's end-of-sequence token or when the
/// model starts a new <c>\nUser:</c> or <c>\nSystem:</c> line.
/// </summary>
public sealed class PlainChatTemplate : IChatTemplate
{
    /// <inheritdoc />
    public string Name => ChatTemplateNames.Plain;

    /// <inheritdoc />
    public IReadOnlyList<string> EndOfTurnTokens => [];

    /// <inheritdoc />
    public IReadOnlyList<string> StopSequences => ["\nUser:", "\nSystem:"];

    /// <inheritdoc />
    public IReadOnlyList<ChatSegment> Render(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var text = string.Concat(messages.Select(m => $"{Capitalize(m.Role.Value)}: {m.Text.Trim()}\n\n"));
        return [new ChatSegment(text + "Assistant:")];
    }

    private static string Capitalize(string role) => role.Length == 0 ? role : char.ToUpperInvariant(role[0]) + role[1..];
}
