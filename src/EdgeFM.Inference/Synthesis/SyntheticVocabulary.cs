using System.Globalization;
using EdgeFM.Inference.Tokenization;

namespace EdgeFM.Inference.Synthesis;

/// <summary>A llama (SentencePiece) vocabulary for a synthetic model: tokens, scores and token types, as GGUF stores them.</summary>
public sealed class SyntheticVocabulary
{
    /// <summary>Fewest tokens a vocabulary needs: &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt; and the 256 byte tokens.</summary>
    public const int MinimumSize = 259;

    private SyntheticVocabulary(string[] tokens, float[] scores, int[] types)
    {
        Tokens = tokens;
        Scores = scores;
        TokenTypes = types;
    }

    /// <summary>Token texts by id, spaces as '▁' (U+2581) as SentencePiece stores them.</summary>
    public string[] Tokens { get; }

    /// <summary>Merge scores by id (higher merges first).</summary>
    public float[] Scores { get; }

    /// <summary>ggml token types by id (<see cref="TokenType"/> values).</summary>
    public int[] TokenTypes { get; }

    /// <summary>
    /// The vocabulary of a llama2.c tokenizer file: ids 0/1/2 become &lt;unk&gt; (unknown), &lt;s&gt; and &lt;/s&gt;
    /// (control), <c>&lt;0xNN&gt;</c> tokens are byte tokens, the rest normal with ' ' written as '▁'.
    /// </summary>
    public static SyntheticVocabulary FromLlama2c(Llama2cVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var tokens = new string[vocabulary.Count];
        var types = new int[vocabulary.Count];
        for (var id = 0; id < tokens.Length; id++)
        {
            var text = vocabulary.Tokens[id];
            (tokens[id], types[id]) = id switch
            {
                0 => ("<unk>", (int)TokenType.Unknown),
                1 => ("<s>", (int)TokenType.Control),
                2 => ("</s>", (int)TokenType.Control),
                _ when IsByteToken(text) => (text, (int)TokenType.Byte),
                _ => (text.Replace(' ', '▁'), (int)TokenType.Normal),
            };
        }

        return new SyntheticVocabulary(tokens, (float[])vocabulary.Scores.Clone(), types);
    }

    /// <summary>
    /// A vocabulary of <paramref name="size"/> tokens: the three special tokens, the 256 byte tokens, the printable
    /// ASCII characters ('▁' for space), then pieces of two, three, ... characters (each the merge of a shorter piece
    /// and a character, so every piece is reachable by BPE) until full.
    /// </summary>
    public static SyntheticVocabulary Create(int size)
    {
        if (size < MinimumSize)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"A synthetic vocabulary needs at least {MinimumSize} tokens (3 special and 256 byte tokens).");
        }

        var tokens = new List<string>(size) { "<unk>", "<s>", "</s>" };
        var types = new List<int>(size) { (int)TokenType.Unknown, (int)TokenType.Control, (int)TokenType.Control };
        for (var b = 0; b < 256; b++)
        {
            tokens.Add(string.Create(CultureInfo.InvariantCulture, $"<0x{b:X2}>"));
            types.Add((int)TokenType.Byte);
        }

        var characters = new List<string> { "▁" };
        for (var c = '!'; c <= '~'; c++)
        {
            characters.Add(c.ToString());
        }

        foreach (var piece in Pieces(characters).Take(size - tokens.Count))
        {
            tokens.Add(piece);
            types.Add((int)TokenType.Normal);
        }

        // Scores: byte and special tokens never merge; longer pieces later in the list score lower.
        var scores = new float[size];
        for (var id = MinimumSize; id < size; id++)
        {
            scores[id] = -(id - MinimumSize);
        }

        return new SyntheticVocabulary([.. tokens], scores, [.. types]);
    }

    private static IEnumerable<string> Pieces(List<string> characters)
    {
        IEnumerable<string> level = characters;
        while (true)
        {
            foreach (var piece in level)
            {
                yield return piece;
            }

            var previous = level;
            level = previous.SelectMany(p => characters.Select(c => p + c));
        }
    }

    private static bool IsByteToken(string text) =>
        text.Length == 6 && text.StartsWith("<0x", StringComparison.Ordinal) && text[5] == '>' &&
        byte.TryParse(text.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _);
}
