using Microsoft.Extensions.AI;

namespace EdgeFM.Inference.Chat;

/// <summary>
/// Turns chat messages into a prompt that ends by opening the assistant's turn. Implementations are stateless and
/// thread-safe; <see cref="ChatTemplates"/> detects the right one from a GGUF model's <c>tokenizer.chat_template</c>.
/// </summary>
public interface IChatTemplate
{
    /// <summary>The template's name (one of <see cref="ChatTemplateNames"/>).</summary>
    string Name { get; }

    /// <summary>Special tokens that end the assistant's turn, besides the model's end-of-sequence token.</summary>
    IReadOnlyList<string> EndOfTurnTokens { get; }

    /// <summary>Texts that end the assistant's turn when the model writes them as plain text.</summary>
    IReadOnlyList<string> StopSequences { get; }

    /// <summary>The prompt for <paramref name="messages"/>, without BOS (the tokenizer adds it when the model wants it).</summary>
    IReadOnlyList<ChatSegment> Render(IReadOnlyList<ChatMessage> messages);
}
