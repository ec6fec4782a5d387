using EdgeFM.Inference.Tokenization;

namespace EdgeFM.Inference.Tests.Tokenization;

public sealed class StreamingTextDecoderTests
{
    [Theory]
    [InlineData("llama", "🦙")]
    [InlineData("llama", "Ἰθάκη 中文 🚀")]
    [InlineData("gpt2", "🦙")]
    [InlineData("gpt2", "日本語のテキスト 👨‍👩‍👧 emoji")]
    [InlineData("tok512", "Lily saw 🐱 and 猫.")]
    public void Multi_byte_characters_split_across_tokens_come_out_whole(string name, string text)
    {
        var tokenizer = SharedTokenizers.ByName(name);
        var ids = tokenizer.Encode(text, addBos: false);
        var decoder = new StreamingTextDecoder(tokenizer);
        var pieces = new List<string>();
        var heldBack = 0;
        foreach (var id in ids)
        {
            var piece = decoder.Push(id).ToString();
            heldBack += decoder.PendingByteCount > 0 ? 1 : 0;
            pieces.Add(piece);
            Assert.DoesNotContain('\uFFFD', piece);
            Assert.False(piece.Length > 0 && char.IsHighSurrogate(piece[^1]));
        }

        Assert.True(heldBack > 0, "some token must end inside a character");
        Assert.Equal(0, decoder.Flush().Length);
        Assert.Equal(text, string.Concat(pieces));
    }

    [Fact]
    public void Byte_fallback_tokens_of_one_emoji_yield_nothing_until_the_last_byte()
    {
        var tokenizer = SharedTokenizers.Llama;
        var ids = tokenizer.Encode("🦙", addBos: true);
        Assert.Equal([1, 29871, 243, 162, 169, 156], ids);
        var decoder = new StreamingTextDecoder(tokenizer);

        var pieces = ids.Select(id => decoder.Push(id).ToString()).ToArray();

        Assert.Equal(["", "", "", "", "", "🦙"], pieces);
    }

    [Fact]
    public void The_first_piece_after_BOS_loses_its_leading_space()
    {
        var tokenizer = SharedTokenizers.Tok512;
        var decoder = new StreamingTextDecoder(tokenizer, previousTokenId: tokenizer.BosTokenId);

        var first = decoder.Push(tokenizer.Encode("Once", addBos: false)[0]).ToString();
        var second = decoder.Push(tokenizer.Encode("upon", addBos: false)[0]).ToString();

        Assert.Equal("Once", first);
        Assert.Equal(" upon", second);
    }

    [Fact]
    public void An_unfinished_character_at_the_end_is_flushed_as_a_replacement_character()
    {
        var tokenizer = SharedTokenizers.Llama;
        var decoder = new StreamingTextDecoder(tokenizer, previousTokenId: tokenizer.BosTokenId);

        Assert.Equal(0, decoder.Push(243).Length);
        Assert.Equal(0, decoder.Push(162).Length);
        Assert.Equal(2, decoder.PendingByteCount);
        Assert.Equal("\uFFFD", decoder.Flush().ToString());
        Assert.Equal(0, decoder.PendingByteCount);
        Assert.Equal(0, decoder.Flush().Length);
    }

    [Fact]
    public void Invalid_bytes_are_replaced_as_soon_as_they_are_known_invalid()
    {
        var tokenizer = SharedTokenizers.Llama;
        var decoder = new StreamingTextDecoder(tokenizer);

        Assert.Equal(0, decoder.Push(243).Length);
        var piece = decoder.Push(tokenizer.Encode("A", addBos: false)[^1]).ToString();

        Assert.Equal("\uFFFD A", piece);
    }

    [Fact]
    public void Reset_drops_held_back_bytes()
    {
        var tokenizer = SharedTokenizers.Gpt2;
        var decoder = new StreamingTextDecoder(tokenizer);
        var ids = tokenizer.Encode("🦙", addBos: false);
        decoder.Push(ids[0]);

        decoder.Reset();

        Assert.Equal(0, decoder.PendingByteCount);
        Assert.Equal("ok", decoder.Push(tokenizer.Encode("ok", addBos: false)[0]).ToString());
    }
}
