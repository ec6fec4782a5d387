using System.Text;

namespace EdgeFM.Inference.Tokenization;

/// <summary>
/// GPT-2's pre-tokenizer, the regex
/// <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c>,
/// evaluated by hand over Unicode code points (so letters outside the BMP count as letters), in one linear pass.
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

    /// <summary>Splits well-formed <paramref name="text"/> into pre-tokens, given as (start, length) in UTF-16 units.</summary>
    public static List<(int Start, int Length)> Split(ReadOnlySpan<char> text)
    {
        var starts = new List<int>(text.Length + 1);
        var kinds = new List<Kind>(text.Length);
        var points = new List<int>(text.Length);
        for (var i = 0; i < text.Length;)
        {
            Rune.DecodeFromUtf16(text[i..], out var rune, out var consumed);
            starts.Add(i);
            points.Add(rune.Value);
            kinds.Add(Rune.IsLetter(rune) ? Kind.Letter : Rune.IsNumber(rune) ? Kind.Number : Rune.IsWhiteSpace(rune) ? Kind.Space : Kind.Other);
            i += consumed;
        }

        starts.Add(text.Length);
        var pieces = new List<(int, int)>();
        var n = points.Count;
        for (var i = 0; i < n;)
        {
            var end = MatchAt(points, kinds, i);
            pieces.Add((starts[i], starts[end] - starts[i]));
            i = end;
        }

        return pieces;
    }

    private static int MatchAt(List<int> points, List<Kind> kinds, int i)
    {
        var n = points.Count;
        if (points[i] == '\'' && i + 1 < n)
        {
            var c1 = points[i + 1];
            if (c1 is 's' or 't' or 'm' or 'd')
            {
                return i + 2;
            }

            if (i + 2 < n && (c1, points[i + 2]) is ('r', 'e') or ('v', 'e') or ('l', 'l'))
            {
                return i + 3;
            }
        }

        // ` ?\p{L}+`, ` ?\p{N}+` and ` ?[^\s\p{L}\p{N}]+` share the optional leading space.
        var first = points[i] == ' ' && i + 1 < n && kinds[i + 1] != Kind.Space ? i + 1 : i;
        var kind = kinds[first];
        var end = first;
        if (kind != Kind.Space)
        {
            while (end < n && kinds[end] == kind)
            {
                end++;
            }

            return end;
        }

        while (end < n && kinds[end] == Kind.Space)
        {
            end++;
        }

        // `\s+(?!\S)` leaves the last space of a run for the word after it; a single space falls to `\s+`.
        return end < n && end - i > 1 ? end - 1 : end;
    }
}
