using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeFM.Peers.Tests.Tokenization;

/// <summary>
/// Generators of text that stresses a GPT-2 tokenizer: random code points of every plane, source code, numbers in
/// several scripts, whitespace runs, emoji sequences, contractions and words of mixed scripts, concatenated in random
/// order so that every kind of boundary between pre-tokens occurs.
/// </summary>
internal static class Gpt2Corpus
{
    private static readonly string[] Words =
    [
        "the", "The", "hello", "world", "Führer", "naïve", "café", "straße", "Ἰθάκη", "Москва", "привет", "日本語", "中文",
        "テキスト", "한국어", "مرحبا", "שלום", "हिन्दी", "ไทย", "Ελλάδα", "e\u0301", "A\u030A", "ǅ", "ﬁ", "𝕏yz", "𐐷", "𠜎",
    ];

    private static readonly string[] Code =
    [
        "if (x == 0) {", "}", "return a->b;", "for i in range(10):", "    ", "\t\t", "x += 1;", "def f(*args, **kw):",
        "#include <stdio.h>", "// comment", "/* */", "a[i][j]", "=>", "!==", "::", "0x1F", "\"str\\n\"", "'c'", "`tick`",
        "${var}", "@decorator", "$$", "&&", "||", "<|endoftext|>", "<s>", "</s>",
    ];

    private static readonly string[] Contractions = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'LL", "''", "'", " '", "n't"];

    private static readonly string[] Emoji =
    [
        "🦙", "🚀", "😀", "👍🏽", "👨‍👩‍👧", "🇫🇷", "🏳️‍🌈", "❤️", "✔", "©", "1️⃣", "🧑🏿‍💻", "\u200d", "\ufe0f", "🀄",
    ];

    private static readonly char[] Spaces = [' ', ' ', ' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2003', '\u2028', '\u2029', '\u3000', '\u0085', '\u001c'];

    /// <summary>
    /// Random text: fragments of every kind above, concatenated, with random code points of every plane. Letters and
    /// numbers outside the BMP are left out: Microsoft.ML.Tokenizers' .NET regex classifies UTF-16 units, so it reads
    /// them as punctuation (see <see cref="WithSupplementaryLetters"/>).
    /// </summary>
    public static Gen<string> Text { get; } = Concatenated(
        (3, AnyCodePoints()),
        (4, Gen.Elements(Words.Where(w => !HasSupplementaryLetterOrNumber(w)).ToArray())),
        (2, Numbers().Where(n => !HasSupplementaryLetterOrNumber(n))));

    /// <summary>
    /// Text with letters and numbers outside the BMP (𝕏, 𐐷, 𠜎, 𝟘) among the other fragments, but no random code
    /// points: a code point assigned by a newer Unicode version than a peer's tables is classified differently by it.
    /// </summary>
    public static Gen<string> WithSupplementaryLetters { get; } = Concatenated((4, Gen.Elements(Words)), (2, Numbers()));

    public static Arbitrary<string> Arbitrary { get; } = Text.ToArbitrary();

    /// <summary>Whether <paramref name="text"/> holds a letter or number outside the BMP.</summary>
    public static bool HasSupplementaryLetterOrNumber(string text) =>
        text.EnumerateRunes().Any(r => !r.IsBmp && (Rune.IsLetter(r) || Rune.IsNumber(r)));

    /// <summary>A deterministic corpus of at least <paramref name="length"/> characters from <see cref="Text"/>.</summary>
    public static string Large(int length, int seed)
    {
        var builder = new StringBuilder(length + 1024);
        foreach (var piece in Text.Sample(60, new Rnd((ulong)seed), Math.Max(1, length / 100)))
        {
            builder.Append(piece);
            if (builder.Length >= length)
            {
                break;
            }
        }

        return builder.ToString();
    }

    private static Gen<string> Concatenated(params (int Weight, Gen<string> Fragment)[] specific) =>
        Gen.Frequency(
            [
                .. specific.Select(t => (t.Weight, t.Fragment)),
                (3, Spaces1()),
                (2, Gen.Elements(Code)),
                (2, Gen.Elements(Contractions)),
                (2, Gen.Elements(Emoji)),
                (2, AsciiRun()),
            ])
            .ListOf()
            .Select(parts => string.Concat(parts));

    private static Gen<string> Spaces1() =>
        Gen.Elements(Spaces).NonEmptyListOf().Select(chars => new string([.. chars]));

    private static Gen<string> Numbers() => Gen.OneOf(
        Gen.Choose(0, int.MaxValue).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Choose(-100_000, 100_000).Select(n => (n / 7.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Elements("٠١٢٣٤٥٦٧٨٩", "०१२३", "１２３", "½", "Ⅻ", "²³", "𝟘𝟙", "1,000,000", "3.14e-10").Select(s => s));

    private static Gen<string> AsciiRun() =>
        Gen.Choose(32, 126).Select(c => (char)c).NonEmptyListOf().Select(chars => new string([.. chars]));

    // Any scalar value (every plane), plus now and then an unpaired surrogate.
    private static Gen<string> AnyCodePoints() => Gen.Frequency(
            (6, Gen.Choose(0, 0x7FF)),
            (4, Gen.Choose(0x800, 0xFFFF)),
            (2, Gen.Choose(0x10000, 0x10FFFF).Where(c => !Rune.IsLetter(new Rune(c)) && !Rune.IsNumber(new Rune(c)))),
            (1, Gen.Choose(0xD800, 0xDFFF)))
        .Select(ToUtf16)
        .NonEmptyListOf()
        .Select(parts => string.Concat(parts));

    private static string ToUtf16(int value) =>
        value is >= 0xD800 and <= 0xDFFF ? ((char)value).ToString() : char.ConvertFromUtf32(value);
}
