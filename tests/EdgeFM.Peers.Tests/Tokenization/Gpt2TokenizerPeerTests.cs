using System.Text;
using EdgeFM.Inference.Tokenization;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeFM.Peers.Tests.Tokenization;

/// <summary>
/// EdgeFM's GPT-2 tokenizer against Microsoft.ML.Tokenizers' GPT-2 tiktoken tokenizer on generated text, and against
/// llama.cpp where Microsoft's regex departs from GPT-2's (letters and numbers outside the BMP).
/// </summary>
public sealed class Gpt2TokenizerPeerTests
{
    [Fact]
    public void Every_token_decodes_to_the_same_text()
    {
        var edgeFm = PeerTokenizers.EdgeFm;
        Assert.Equal(50257, edgeFm.VocabularySize);
        for (var id = 0; id < edgeFm.VocabularySize; id++)
        {
            // EdgeFM, as llama.cpp, writes control tokens (here <|endoftext|>) as no text; tiktoken writes their text.
            var expected = edgeFm.GetTokenType(id) == TokenType.Control ? "" : PeerTokenizers.Microsoft.Decode([id]);
            Assert.Equal(expected, edgeFm.Decode([id]));
        }
    }

    [Fact]
    public void Ids_and_decoded_text_agree_on_generated_text()
    {
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(3000).WithEndSize(80),
            Prop.ForAll(Gpt2Corpus.Arbitrary, text => AssertAgree(text)));
    }

    [Fact]
    public void Microsoft_reads_letters_outside_the_BMP_as_punctuation_where_EdgeFM_and_llama_cpp_read_letters()
    {
        // 𠜎 (U+2070E) is a letter; GPT-2's regex runs over code points, so "𠜎's" is a word and a contraction. The .NET
        // regex Microsoft.ML.Tokenizers uses sees two surrogates, neither a letter, and takes the apostrophe with them.
        const string text = "д𠜎's";
        var llamaCpp = PeerTokenizers.LlamaCpp.Tokenize(text, add_bos: false, special: true, Encoding.UTF8).Select(t => (int)t).ToArray();
        var edgeFm = PeerTokenizers.EdgeFm.Encode(text, addBos: false);
        Assert.Equal(llamaCpp, edgeFm);
        Assert.Equal(338, edgeFm[^1]);
        Assert.NotEqual(edgeFm, PeerTokenizers.Microsoft.EncodeToIds(text));
    }

    [Fact]
    public void Ids_agree_with_llama_cpp_on_text_with_letters_outside_the_BMP()
    {
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(2000).WithEndSize(80),
            Prop.ForAll(Gpt2Corpus.WithSupplementaryLetters.ToArbitrary(), text =>
            {
                var wellFormed = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
                var expected = PeerTokenizers.LlamaCpp.Tokenize(wellFormed, add_bos: false, special: true, Encoding.UTF8).Select(t => (int)t).ToArray();
                var actual = PeerTokenizers.EdgeFm.Encode(text, addBos: false, parseSpecial: true);
                if (!expected.SequenceEqual(actual))
                {
                    Assert.Fail(Describe(text, expected, actual));
                }
            }));
    }

    [Fact]
    public void Ids_and_decoded_text_agree_on_a_large_corpus()
    {
        var corpus = Gpt2Corpus.Large(400_000, seed: 12);
        Assert.True(corpus.Length >= 400_000);
        AssertAgree(corpus);
    }

    private static void AssertAgree(string text)
    {
        // Unpaired surrogates are not Unicode text: EdgeFM reads them as U+FFFD, as UTF-8 encoders do, while tiktoken
        // writes their 3-byte WTF-8 form. So Microsoft gets the well-formed text. Tiktoken always reads <|endoftext|>
        // as the special token, as EdgeFM does with parseSpecial.
        var wellFormed = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
        var expected = PeerTokenizers.Microsoft.EncodeToIds(wellFormed);
        var actual = PeerTokenizers.EdgeFm.Encode(text, addBos: false, parseSpecial: true);
        if (!expected.SequenceEqual(actual))
        {
            Assert.Fail(Describe(text, expected, actual));
        }

        // EdgeFM, as llama.cpp, writes the control token <|endoftext|> as no text; every other piece comes back.
        Assert.Equal(wellFormed.Replace("<|endoftext|>", "", StringComparison.Ordinal), PeerTokenizers.EdgeFm.Decode(actual));
        Assert.Equal(wellFormed, PeerTokenizers.Microsoft.Decode(expected));
    }

    // The first differing position, with the text around it as UTF-16 units, so a failure names its cause.
    private static string Describe(string text, IReadOnlyList<int> expected, int[] actual)
    {
        var at = 0;
        while (at < expected.Count && at < actual.Length && expected[at] == actual[at])
        {
            at++;
        }

        var edgeFm = PeerTokenizers.EdgeFm;
        var bytes = Encoding.UTF8.GetBytes(text);
        var byteOffset = actual.Take(at).Sum(id => edgeFm.GetTokenType(id) == TokenType.Control ? edgeFm.GetTokenText(id).Length : Encoding.UTF8.GetByteCount(edgeFm.Decode([id])));
        var offset = Encoding.UTF8.GetCharCount(bytes, 0, Math.Min(bytes.Length, byteOffset));
        var start = Math.Clamp(offset - 8, 0, text.Length);
        var context = text.Substring(start, Math.Min(24, text.Length - start));
        var from = Math.Max(0, at - 2);
        return $"ids differ at {at} of {expected.Count}/{actual.Length} ({text.Length} chars): peer {string.Join(',', expected.Skip(from).Take(6))} "
            + $"vs EdgeFM {string.Join(',', actual.Skip(from).Take(6))} near UTF-16 units [{string.Join(' ', context.Select(c => $"{(int)c:X4}"))}]";
    }
}
