using EdgeFM.Inference.Chat;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Backends;

/// <summary>
/// The "template" of legacy text completions: the prompt exactly as given (the messages' texts concatenated), no
/// roles, no stop sequences, so the model continues the text the way <c>POST /v1/completions</c> promises.
/// </summary>
public sealed class RawPromptTemplate : IChatTemplate
{
    public string Name => "raw";

    public IReadOnlyList<string> EndOfTurnTokens => [];

    public IReadOnlyList<string> StopSequences => [];

    public IReadOnlyList<ChatSegment> Render(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return [new ChatSegment(string.Concat(messages.Select(m => m.Text)))];
    }
}
