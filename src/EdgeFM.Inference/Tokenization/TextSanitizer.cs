using System.Text;

namespace EdgeFM.Inference.Tokenization;

/// <summary>Input hygiene shared by the tokenizers.</summary>
internal static class TextSanitizer
{
    /// <summary>
    /// Replaces unpaired UTF-16 surrogates, which have no UTF-8 form, with U+FFFD (as UTF-8 encoding does);
    /// returns <paramref name="text"/> itself when it is well-formed.
    /// </summary>
    public static string ReplaceLoneSurrogates(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i]))
            {
                continue;
            }

            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            return Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
        }

        return text;
    }

    /// <summary>Length in UTF-16 units of the code point starting at <paramref name="index"/> (1, or 2 for a surrogate pair).</summary>
    public static int CodePointLength(ReadOnlySpan<char> text, int index) =>
        char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
}
