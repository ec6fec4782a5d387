using System.Text;
using EdgeFM.Inference.Tokenization;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeFM.Inference.Tests.Tokenization;

public sealed class RoundTripPropertyTests
{
    // Pieces that stress the tokenizers: spaces and control characters, accents and combining marks, CJK, emoji
    // (surrogate pairs, ZWJ sequences), right-to-left text, contractions, digits, and unpaired surrogates. Not '▁' (U+2581):
    // SentencePiece reads it as a space (see SentencePiece_reads_its_space_symbol_in_input_as_a_space).
    private static readonly string[] Fragments =
    [
        " ", "  ", "\t", "\n", "\r\n", "\0", "\u0007", "\u00a0", "\u3000", "a", "Hello", " world", "'s", "'ll", "don't",
        "123", "4½", "é", "e\u0301", "Führer", "ß", "中文", "日本語", "한국어", "🦙", "👨‍👩‍👧", "🇫🇷", "مرحبا", "שלום",
        "\ud800", "\udfff", "\ud83e", "!!!", "...", "<s>", "</s>", "<|endoftext|>", "𝕏yz", "\u200d", "\ufeff",
    ];

    public static TheoryData<string> Tokenizers => ["llama", "gpt2", "tok512"];

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void Decode_of_encode_gives_back_any_string_built_from_hard_pieces(string name)
    {
        var tokenizer = SharedTokenizers.ByName(name);
        var strings = Gen.Elements(Fragments).ListOf().Select(parts => string.Concat(parts)).ToArbitrary();

        Prop.ForAll(strings, s => RoundTrips(tokenizer, s)).QuickCheckThrowOnFailure();
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void Decode_of_encode_gives_back_random_strings(string name)
    {
        var tokenizer = SharedTokenizers.ByName(name);
        var anyChar = Gen.Choose(0, 0xFFFF).Select(c => (char)c).Where(c => c != SentencePieceTokenizer.SpaceSymbol);
        var strings = Gen.Frequency((3, anyChar), (1, Gen.Elements(" \n\tab1'".ToCharArray())))
            .ArrayOf().Select(chars => new string(chars)).ToArbitrary();

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(strings, s => RoundTrips(tokenizer, s)));
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void Streaming_pieces_concatenate_to_the_whole_decode_for_any_token_sequence(string name)
    {
        var tokenizer = SharedTokenizers.ByName(name);
        var ids = Gen.Choose(0, tokenizer.VocabularySize - 1).ArrayOf().ToArbitrary();

        Prop.ForAll(ids, sequence =>
        {
            var decoder = new StreamingTextDecoder(tokenizer);
            var streamed = new StringBuilder();
            foreach (var id in sequence)
            {
                var piece = decoder.Push(id);
                Assert.False(piece.Length > 0 && char.IsHighSurrogate(piece[^1]), "a piece ends inside a surrogate pair");
                streamed.Append(piece);
            }

            streamed.Append(decoder.Flush());
            Assert.Equal(tokenizer.Decode(sequence), streamed.ToString());
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Word_by_word_SentencePiece_gives_the_same_ids_as_the_whole_text()
    {
        var llama = (SentencePieceTokenizer)SharedTokenizers.Llama;
        Assert.True(llama.SplitBeforeSpaces);
        var whole = WithoutSplitting(llama);
        var strings = Gen.Elements(Fragments).ListOf().Select(parts => string.Concat(parts)).ToArbitrary();

        Prop.ForAll(strings, s => Assert.Equal(whole.Encode(s, addBos: false), llama.Encode(s, addBos: false))).QuickCheckThrowOnFailure();
        foreach (var (text, _) in VocabularyTestVectors.Load("ggml-vocab-llama-spm.gguf"))
        {
            Assert.Equal(whole.Encode(text, addBos: false), llama.Encode(text, addBos: false));
        }
    }

    [Fact]
    public void SentencePiece_reads_its_space_symbol_in_input_as_a_space()
    {
        // '▁' (U+2581) is how SentencePiece writes spaces, so input text cannot keep it apart from ' '.
        Assert.Equal("a b c", SharedTokenizers.Llama.Decode(SharedTokenizers.Llama.Encode("a▁b c", addBos: false)));
        Assert.Equal("a▁b c", SharedTokenizers.Gpt2.Decode(SharedTokenizers.Gpt2.Encode("a▁b c", addBos: false)));
    }

    private static SentencePieceTokenizer WithoutSplitting(SentencePieceTokenizer tokenizer)
    {
        var ids = Enumerable.Range(0, tokenizer.VocabularySize).ToArray();
        return new SentencePieceTokenizer(
            [.. ids.Select(tokenizer.GetTokenText)],
            [.. ids.Select(tokenizer.GetScore)],
            [.. ids.Select(tokenizer.GetTokenType)],
            new SpecialTokenIds(tokenizer.BosTokenId, tokenizer.EosTokenId, tokenizer.UnknownTokenId),
            tokenizer.AddBosByDefault,
            tokenizer.AddSpacePrefix) { SplitBeforeSpaces = false };
    }

    private static bool RoundTrips(ITokenizer tokenizer, string text)
    {
        // Unpaired surrogates have no UTF-8 form; like every UTF-8 encoder the tokenizers read them as U+FFFD.
        var expected = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
        var ids = tokenizer.Encode(text, addBos: false);
        var withBos = tokenizer.Encode(text, addBos: true);
        Assert.Equal(expected, tokenizer.Decode(ids));
        return string.Equals(tokenizer.Decode(ids), expected, StringComparison.Ordinal)
            && (tokenizer.BosTokenId < 0 || string.Equals(tokenizer.Decode(withBos), expected, StringComparison.Ordinal))
            && ids.All(id => id >= 0 && id < tokenizer.VocabularySize);
    }
}
