using System.Buffers;
using System.Text;

namespace EdgeFM.Inference.Tokenization;

/// <summary>Whole-sequence helpers over <see cref="ITokenizer"/>.</summary>
public static class TokenizerExtensions
{
    /// <summary>
    /// Decodes <paramref name="tokenIds"/> as one text, as if preceded by <paramref name="previousTokenId"/> (-1: the start
    /// of the text). Byte sequences that are not valid UTF-8 become U+FFFD.
    /// </summary>
    public static string Decode(this ITokenizer tokenizer, ReadOnlySpan<int> tokenIds, int previousTokenId = -1)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (tokenizer is Gpt2Tokenizer gpt2)
        {
            // Byte-level BPE pieces do not depend on the previous token; its bulk decoder copies them without a call each.
            return gpt2.Decode(tokenIds);
        }

        var buffer = new ArrayBufferWriter<byte>(tokenIds.Length * 4 + 16);
        foreach (var id in tokenIds)
        {
            tokenizer.AppendTokenBytes(id, previousTokenId, buffer);
            previousTokenId = id;
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
