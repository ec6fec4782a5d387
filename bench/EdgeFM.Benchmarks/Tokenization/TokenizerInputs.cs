using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EdgeFM.Benchmarks.Tokenization;

/// <summary>
/// Benchmark texts of about 1 MB each, built deterministically: English prose (the stories260K reference texts,
/// repeated: mostly cache hits), a multilingual line with emoji (repeated), source code with varied identifiers and
/// numbers, and a random mix of words, code points of every plane and whitespace runs (mostly new words: the merge
/// loop's worst case).
/// </summary>
internal static class TokenizerInputs
{
    public const string Prose = "prose";
    public const string Multilingual = "multilingual";
    public const string Code = "code";
    public const string Mixed = "mixed";

    private const int Length = 1_000_000;

    public static string Get(string name) => name switch
    {
        Prose => Repeat(ProseUnit()),
        Multilingual => Repeat("Ἰθάκη, 日本語のテキスト, مرحبا بالعالم, Führer's 🦙🚀 emoji, naïve café 1234.56\n"),
        Code => CodeText(),
        Mixed => MixedText(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown benchmark input."),
    };

    /// <summary>UTF-8 size of input <paramref name="name"/> in bytes.</summary>
    public static int Utf8Bytes(string name) => Sizes.GetOrAdd(name, n => Encoding.UTF8.GetByteCount(Get(n)));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Sizes = new(StringComparer.Ordinal);

    /// <summary>The stories260K reference texts, joined by blank lines.</summary>
    public static string ProseUnit()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedFolder.Reference("stories260K-greedy.json")));
        var texts = document.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("text").GetString());
        return string.Join("\n\n", texts);
    }

    private static string CodeText()
    {
        var random = new Random(7);
        var builder = new StringBuilder(Length + 256);
        string[] keywords = ["if", "for", "while", "return", "var", "int", "static", "public", "void", "new", "using"];
        while (builder.Length < Length)
        {
            var name = $"{keywords[random.Next(keywords.Length)]}_{(char)('a' + random.Next(26))}{random.Next(1000)}";
            builder.Append(CultureInfo.InvariantCulture, $"    {keywords[random.Next(keywords.Length)]} ({name} == {random.Next(100_000)}) {{ {name} += 0x{random.Next():X}; }} // {name}'s value\n");
        }

        return builder.ToString();
    }

    private static string MixedText()
    {
        var random = new Random(11);
        var builder = new StringBuilder(Length + 256);
        string[] words = ["the", " world", "Führer", " naïve", "日本語", " مرحبا", "🦙", "👨‍👩‍👧", "'ll", "  ", "\n\n", "\t", "123", " 4.5"];
        while (builder.Length < Length)
        {
            if (random.Next(3) == 0)
            {
                var value = random.Next(4) switch
                {
                    0 => random.Next(0x20, 0x7F),
                    1 => random.Next(0xA0, 0x800),
                    2 => random.Next(0x800, 0xD800),
                    _ => random.Next(0x1F300, 0x1FA00), // emoji: letters outside the BMP split Microsoft.ML.Tokenizers from GPT-2
                };
                builder.Append(char.ConvertFromUtf32(value));
            }
            else
            {
                builder.Append(words[random.Next(words.Length)]);
            }
        }

        return builder.ToString();
    }

    /// <summary><paramref name="unit"/> repeated up to at least <paramref name="length"/> characters.</summary>
    public static string Repeat(string unit, int length = Length)
    {
        var builder = new StringBuilder(length + unit.Length);
        while (builder.Length < length)
        {
            builder.Append(unit);
        }

        return builder.ToString();
    }
}
