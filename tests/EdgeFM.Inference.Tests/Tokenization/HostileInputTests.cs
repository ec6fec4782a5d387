using System.Text;
using EdgeFM.Inference.Tokenization;

namespace EdgeFM.Inference.Tests.Tokenization;

/// <summary>
/// Inputs that break naive tokenizers. Sizes are large enough that a quadratic merge loop would not finish in the test
/// timeout, yet run in well under a second with the queue-based merges; no timing is asserted.
/// </summary>
public sealed class HostileInputTests
{
    public static TheoryData<string> Tokenizers => ["llama", "gpt2", "tok512"];

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void A_long_run_of_one_letter_round_trips(string name)
    {
        var tokenizer = SharedTokenizers.ByName(name);
        var text = new string('a', 200_000);

        var ids = tokenizer.Encode(text, addBos: false);

        Assert.InRange(ids.Length, 1, text.Length + 1);
        Assert.Equal(text, tokenizer.Decode(ids));
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void Long_whitespace_and_unicode_soup_round_trips(string name)
    {
        var tokenizer = SharedTokenizers.ByName(name);
        var random = new Random(7);
        var builder = new StringBuilder();
        string[] pieces = [" ", "\n", "\t", "    ", "é", "中", "🦙", "\u0000", "\u001b[0m", "'s", "1234567890", "word"];
        while (builder.Length < 100_000)
        {
            builder.Append(pieces[random.Next(pieces.Length)]);
        }

        var text = builder.ToString();

        Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text, addBos: false)));
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void Empty_text_gives_only_the_requested_bos(string name)
    {
        var tokenizer = SharedTokenizers.ByName(name);

        Assert.Empty(tokenizer.Encode("", addBos: false));
        Assert.Equal(tokenizer.BosTokenId >= 0 ? [tokenizer.BosTokenId] : [], tokenizer.Encode("", addBos: true));
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void Unpaired_surrogates_read_as_replacement_characters(string name)
    {
        var tokenizer = SharedTokenizers.ByName(name);

        var ids = tokenizer.Encode("a\ud800b\udc00", addBos: false);

        Assert.Equal(tokenizer.Encode("a\ufffdb\ufffd", addBos: false), ids);
        Assert.Equal("a\ufffdb\ufffd", tokenizer.Decode(ids));
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void Out_of_range_ids_are_rejected_when_decoding(string name)
    {
        var tokenizer = SharedTokenizers.ByName(name);

        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([tokenizer.VocabularySize]));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([-1]));
    }

    [Fact]
    public void Control_tokens_decode_to_nothing_and_special_text_is_plain_text()
    {
        var llama = SharedTokenizers.Llama;
        var gpt2 = SharedTokenizers.Gpt2;

        Assert.Equal("hi", llama.Decode([llama.BosTokenId, .. llama.Encode("hi", addBos: false), llama.EosTokenId]));
        Assert.DoesNotContain(llama.BosTokenId, llama.Encode("<s>", addBos: false));
        Assert.DoesNotContain(gpt2.EosTokenId, gpt2.Encode("<|endoftext|>", addBos: false));
        Assert.Equal("", gpt2.Decode([gpt2.EosTokenId]));
    }

    [Fact]
    public void Control_tokens_in_text_are_parsed_only_when_asked()
    {
        var llama = SharedTokenizers.Llama;
        var gpt2 = SharedTokenizers.Gpt2;

        // After a special token the SentencePiece space prefix applies again, as in llama.cpp.
        Assert.Equal([1, 15043, 2, 15043], llama.Encode("<s>Hello</s>Hello", addBos: false, parseSpecial: true));
        Assert.Equal(llama.Encode("<s>Hello", addBos: false), llama.Encode("<s>Hello", addBos: false, parseSpecial: false));
        Assert.Equal([15496, 50256, 15496], gpt2.Encode("Hello<|endoftext|>Hello", addBos: false, parseSpecial: true));
        Assert.Equal("HelloHello", gpt2.Decode(gpt2.Encode("Hello<|endoftext|>Hello", addBos: false, parseSpecial: true)));
    }

    [Fact]
    public void Encoding_is_thread_safe()
    {
        var gpt2 = SharedTokenizers.Gpt2;
        var texts = Enumerable.Range(0, 64).Select(i => $"word{i} and the same words again {i % 7}").ToArray();
        var expected = texts.Select(t => gpt2.Encode(t, addBos: false)).ToArray();

        Parallel.For(0, 2000, i => Assert.Equal(expected[i % texts.Length], gpt2.Encode(texts[i % texts.Length], addBos: false)));
    }
}
