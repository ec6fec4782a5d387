using System.Buffers;
using System.Text;
using EdgeFM.Inference.Tokenization;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeFM.Inference.Tests.Tokenization;

public sealed class Gpt2DecodeTests
{
    private static Gpt2Tokenizer Gpt2 => (Gpt2Tokenizer)SharedTokenizers.Gpt2;

    [Fact]
    public void Bulk_decode_equals_the_pieces_appended_one_by_one_for_any_ids()
    {
        // Long tokens (more than the 8 bytes the bulk copy moves at once) are picked often.
        var longIds = Enumerable.Range(0, Gpt2.VocabularySize).Where(id => PieceOf(id).Length > 8).ToArray();
        Assert.NotEmpty(longIds);
        var ids = Gen.Frequency((3, Gen.Choose(0, Gpt2.VocabularySize - 1)), (1, Gen.Elements(longIds))).ArrayOf().ToArbitrary();

        Prop.ForAll(ids, sequence =>
        {
            var bytes = new ArrayBufferWriter<byte>();
            foreach (var id in sequence)
            {
                Gpt2.AppendTokenBytes(id, -1, bytes);
            }

            Assert.Equal(Encoding.UTF8.GetString(bytes.WrittenSpan), Gpt2.Decode(sequence));
            Assert.Equal(Gpt2.Decode(sequence), ((ITokenizer)Gpt2).Decode(sequence));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Bulk_decode_of_nothing_is_empty_and_of_an_unknown_id_names_the_range()
    {
        Assert.Equal("", Gpt2.Decode([]));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Gpt2.Decode([1, Gpt2.VocabularySize]));
        Assert.Contains($"0 to {Gpt2.VocabularySize - 1}", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gpt2.Decode([-1]));
    }

    private static byte[] PieceOf(int id)
    {
        var bytes = new ArrayBufferWriter<byte>();
        Gpt2.AppendTokenBytes(id, -1, bytes);
        return bytes.WrittenSpan.ToArray();
    }
}
