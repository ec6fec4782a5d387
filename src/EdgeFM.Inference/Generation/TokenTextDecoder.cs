using System.Buffers;
using System.Text;
using EdgeFM.Inference.Tokenization;

namespace EdgeFM.Inference.Generation;

/// <summary>Turns generated token ids into text pieces that hold whole UTF-8 characters only.</summary>
internal sealed class TokenTextDecoder
{
    private readonly ITokenizer _tokenizer;
    private readonly ArrayBufferWriter<byte> _bytes = new(64);
    private int _previous;

    public TokenTextDecoder(ITokenizer tokenizer, int previousToken)
    {
        _tokenizer = tokenizer;
        _previous = previousToken;
    }

    /// <summary>The complete characters available after <paramref name="token"/>; an incomplete character's bytes wait for the next token.</summary>
    public string Push(int token)
    {
        _tokenizer.AppendTokenBytes(token, _previous, _bytes);
        _previous = token;
        var written = _bytes.WrittenSpan;
        var complete = written.Length - IncompleteTailLength(written);
        var text = Encoding.UTF8.GetString(written[..complete]);
        var tail = written[complete..].ToArray();
        _bytes.ResetWrittenCount();
        _bytes.Write(tail);
        return text;
    }

    /// <summary>Whatever is left (an incomplete character becomes U+FFFD).</summary>
    public string Flush()
    {
        var text = Encoding.UTF8.GetString(_bytes.WrittenSpan);
        _bytes.ResetWrittenCount();
        return text;
    }

    /// <summary>Bytes at the end that start a multi-byte character whose continuation bytes have not arrived.</summary>
    private static int IncompleteTailLength(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // a continuation byte: keep looking for the lead byte
            }

            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? back : 0;
        }

        return 0;
    }
}
