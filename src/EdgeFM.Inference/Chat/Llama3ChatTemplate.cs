using Microsoft.Extensions.AI;

namespace EdgeFM.Inference.Chat;

/// <summary>
/// Llama 3: <c>&lt;|start_header_id|&gt;{role}&lt;|end_header_id|&gt;\n\n{content}&lt;|eot_id|&gt;</c> per message, then the
/// assistant header (the tokenizer adds <c>&lt;|begin_of_text|&gt;</c> as BOS).
/// </summary>
public sealed class Llama3ChatTemplate : IChatTemplate
{
    /// <inheritdoc />
    public string Name => ChatTemplateNames.Llama3;

    /// <inheritdoc />
    public IReadOnlyList<string> EndOfTurnTokens => ["<|eot_id|>", "<|end_of_text|>"];

    /// <inheritdoc />
    public IReadOnlyList<string> StopSequences => ["<|eot_id|>"];

    /// <inheritdoc />
    public IReadOnlyList<ChatSegment> Render(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var segments = new List<ChatSegment>();
        foreach (var message in messages)
        {
            Header(segments, message.Role.Value);
            segments.Add(new ChatSegment(message.Text.Trim()));
            segments.Add(ChatSegment.Special("<|eot_id|>"));
        }

        Header(segments, "assistant");
        return segments;
    }

    private static void Header(List<ChatSegment> segments, string role)
    {
        segments.Add(ChatSegment.Special("<|start_header_id|>"));
        segments.Add(new ChatSegment(role));
        segments.Add(ChatSegment.Special("<|end_header_id|>"));
        segments.Add(new ChatSegment("\n\n"));
    }
}
