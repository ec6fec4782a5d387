namespace EdgeFM.Inference.Chat;

/// <summary>
/// A piece of a rendered chat prompt: text to tokenize, or the text of one special token (such as <c>&lt;|im_start|&gt;</c>)
/// that is inserted as that token's id when the vocabulary has it, and tokenized as text otherwise.
/// </summary>
/// <param name="Text">The text, or the special token's vocabulary entry.</param>
/// <param name="IsSpecialToken">Whether <paramref name="Text"/> names a special token.</param>
public readonly record struct ChatSegment(string Text, bool IsSpecialToken = false)
{
    /// <summary>A special token segment.</summary>
    public static ChatSegment Special(string token) => new(token, IsSpecialToken: true);
}
