using System.Text;

namespace EdgeFM.Inference.Tokenization;

/// <summary>
/// GPT-2's pre-tokenizer, the regex
/// <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c>,
/// evaluated by hand over Unicode code points (so letters outside the BMP count as letters), in one linear pass
/// without allocating.
/// </summary>
internal static class Gpt2PreTokenizer
{
    private enum Kind : byte
    {
        Other,
        Letter,
        Number,
        Space,
    }

    /// <summary>The length in UTF-16 units of the pre-token starting at <paramref name="start"/> of well-formed <paramref name="text"/>.</summary>
    public static int NextLength(ReadOnlySpan<char> text, int start)
    {
        var c = text[start];
        if (c == '\'' && start + 1 < text.Length)
        {
            var c1 = text[start + 1];
            if (c1 is 's' or 't' or 'm' or 'd')
            {
                return 2;
            }

            if (start + 2 < text.Length && (c1, text[start + 2]) is ('r', 'e') or ('v', 'e') or ('l', 'l'))
            {
                return 3;
            }
        }

        // ` ?\p{L}+`, ` ?\p{N}+` and ` ?[^\s\p{L}\p{N}]+` share the optional leading space.
        var first = start;
        if (c == ' ' && start + 1 < text.Length && KindAt(text, start + 1, out _) != Kind.Space)
        {
            first++;
        }

        var kind = KindAt(text, first, out var size);
        var end = first + size;
        if (kind != Kind.Space)
        {
            while (end < text.Length && KindAt(text, end, out size) == kind)
            {
                end += size;
            }

            return end - start;
        }

        var lastSpace = start;
        while (end < text.Length && KindAt(text, end, out size) == Kind.Space)
        {
            lastSpace = end;
            end += size;
        }

        // `\s+(?!\S)` leaves the last space of a run for the word after it; a single space falls to `\s+`.
        return end < text.Length && lastSpace > start ? lastSpace - start : end - start;
    }

    private static Kind KindAt(ReadOnlySpan<char> text, int index, out int size)
    {
        var c = text[index];
        if (char.IsAscii(c))
        {
            size = 1;
            return char.IsAsciiLetter(c) ? Kind.Letter : char.IsAsciiDigit(c) ? Kind.Number : char.IsWhiteSpace(c) ? Kind.Space : Kind.Other;
        }

        Rune.DecodeFromUtf16(text[index..], out var rune, out size);
        return Rune.IsLetter(rune) ? Kind.Letter : Rune.IsNumber(rune) ? Kind.Number : Rune.IsWhiteSpace(rune) ? Kind.Space : Kind.Other;
    }
}
