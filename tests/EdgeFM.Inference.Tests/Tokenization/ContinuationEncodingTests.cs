using System.Text;
using EdgeFM.Inference.Tokenization;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeFM.Inference.Tests.Tokenization;

public sealed class ContinuationEncodingTests
{
    // Texts the edge prompt joins: the request block, lead-ins, facts, the full stop and the next lead-in.
    private static readonly (string Before, string After)[] Joins =
    [
        ("Request: Should I take an umbrella?\nCompleted: Should I take an umbrella?", " I am near Paris, France"),
        ("I am near Paris, France", ". The local time is Thursday 12 November 2026, 14:49 (UTC+01:00)"),
        ("I am near Paris, France", ", with my dog"),
        ("Completed: What should I wear?\n\n", "Request: Where can I eat?"),
        ("Hello", " world"),
        ("Hello", "  two spaces"),
        ("end.", "\nnext line"),
    ];

    // Pieces for property checks: words, punctuation, line breaks, accents, CJK, emoji.
    private static readonly string[] Words =
    [
        "a", "Hello", "world", "Paris,", "France.", "don't", "12:30", "é", "Führer", "中文", "🦙", "!!!", "...", "(UTC+02:00)",
        "\n", "\n\n", "Request:", "Completed:",
    ];

    public static TheoryData<string> Tokenizers => ["llama", "gpt2", "tok512"];

    public static TheoryData<string> SentencePieceTokenizers => ["llama", "tok512"];

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void Encode_then_continuation_decodes_to_the_joined_text(string name)
    {
        var tokenizer = SharedTokenizers.ByName(name);
        foreach (var (before, after) in Joins)
        {
            int[] ids = [.. tokenizer.Encode(before, addBos: false), .. tokenizer.EncodeContinuation(after)];
            Assert.Equal(before + after, tokenizer.Decode(ids));
        }
    }

    [Theory]
    [MemberData(nameof(SentencePieceTokenizers))]
    public void A_continuation_has_no_lone_space_prefix_token_at_the_join(string name)
    {
        var tokenizer = SharedTokenizers.ByName(name);
        // Two spaces in a row are "▁" "▁two" in running text too, so that join is left out here.
        foreach (var (_, after) in Joins.Where(j => !j.After.StartsWith("  ", StringComparison.Ordinal)))
        {
            var continuation = tokenizer.EncodeContinuation(after);
            var alone = tokenizer.Encode(after, addBos: false);

            // Tokenized on its own, the text starts a text and gets the dummy '▁' (" I" gives "▁" "▁I", "." gives "▁.").
            Assert.StartsWith("\u2581", tokenizer.GetTokenText(alone[0]), StringComparison.Ordinal);
            Assert.NotEqual(alone, continuation);
            Assert.NotEqual("\u2581", tokenizer.GetTokenText(continuation[0]), StringComparer.Ordinal);
            Assert.Equal(after[0] == ' ', tokenizer.GetTokenText(continuation[0]).StartsWith('\u2581'));
        }
    }

    [Theory]
    [MemberData(nameof(SentencePieceTokenizers))]
    public void A_continuation_starting_with_a_space_gives_the_tokens_of_the_whole_text(string name)
    {
        var tokenizer = SharedTokenizers.ByName(name);
        foreach (var (before, after) in Joins.Where(j => j.After[0] == ' '))
        {
            int[] joined = [.. tokenizer.Encode(before, addBos: true), .. tokenizer.EncodeContinuation(after)];
            Assert.Equal(tokenizer.Encode(before + after, addBos: true), joined);
        }
    }

    [Fact]
    public void Llama_continuations_of_the_test_vectors_that_start_with_a_space_match_the_whole_text()
    {
        var llama = SharedTokenizers.Llama;
        var prefix = llama.Encode("Hello", addBos: false);
        var checkedCount = 0;
        foreach (var (text, expected) in VocabularyTestVectors.Load("ggml-vocab-llama-spm.gguf"))
        {
            if (text.Length == 0 || text[0] != ' ')
            {
                continue;
            }

            int[] joined = [.. prefix, .. llama.EncodeContinuation(text)];
            Assert.Equal(llama.Encode("Hello" + text, addBos: false), joined);

            // llama.cpp's vector starts with the dummy '▁' merged into the text's first space; the continuation has it not.
            Assert.Equal(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)), llama.Decode(llama.EncodeContinuation(text), prefix[^1]));
            Assert.NotEqual(expected, llama.EncodeContinuation(text));
            checkedCount++;
        }

        Assert.True(checkedCount >= 5, $"only {checkedCount} test vectors start with a space");
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void Any_split_of_running_text_decodes_back_and_a_spaced_split_matches_the_whole(string name)
    {
        var tokenizer = SharedTokenizers.ByName(name);
        var splitsAtSpaces = tokenizer is not SentencePieceTokenizer sp || sp.SplitBeforeSpaces;
        var text = Gen.Elements(Words).NonEmptyListOf().Select(w => string.Join(' ', w));
        var pairs = Gen.Zip(text, text).ToArbitrary();

        Prop.ForAll(pairs, pair =>
        {
            var (before, after) = pair;
            var spaced = " " + after;
            int[] joined = [.. tokenizer.Encode(before, addBos: false), .. tokenizer.EncodeContinuation(spaced)];
            Assert.Equal(before + spaced, tokenizer.Decode(joined));
            int[] glued = [.. tokenizer.Encode(before, addBos: false), .. tokenizer.EncodeContinuation(after)];
            Assert.Equal(before + after, tokenizer.Decode(glued));
            if (splitsAtSpaces)
            {
                Assert.Equal(tokenizer.Encode(before + spaced, addBos: false), joined);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Gpt2_continuation_is_the_plain_encoding()
    {
        var gpt2 = SharedTokenizers.Gpt2;
        foreach (var (_, after) in Joins)
        {
            Assert.Equal(gpt2.Encode(after, addBos: false), gpt2.EncodeContinuation(after));
        }
    }

    [Fact]
    public void An_empty_continuation_has_no_tokens()
    {
        Assert.Empty(SharedTokenizers.Llama.EncodeContinuation(""));
        Assert.Empty(SharedTokenizers.Gpt2.EncodeContinuation(""));
    }
}
