using System.Buffers;
using System.Text.Unicode;

namespace EdgeFM.Inference.Tokenization;

/// <summary>
/// Turns a stream of token ids into text pieces that never split a character: the bytes of a UTF-8 character spread
/// over several tokens (byte fallback, byte-level BPE) are held back until the character is complete. Invalid byte
/// sequences become U+FFFD as soon as they are known to be invalid; an incomplete character at the end becomes U+FFFD
/// on <see cref="Flush"/>. Concatenating every piece gives exactly <see cref="TokenizerExtensions.Decode"/> of the ids.
/// </summary>
/// <remarks>
/// After warm-up a push allocates nothing: bytes and characters go to internal buffers that grow only for a longer piece,
/// and the returned span views the character buffer. Copy it (e.g. <c>ToString()</c>) if it must outlive the next call.
/// Not thread-safe; use one decoder per stream.
/// </remarks>
public sealed class StreamingTextDecoder
{
    private readonly ITokenizer _tokenizer;
    private readonly ArrayBufferWriter<byte> _bytes = new(64);
    private char[] _chars = new char[64];
    private int _previousTokenId;

    /// <summary>Creates a decoder whose first token follows <paramref name="previousTokenId"/> (-1: start of text; or the
    /// last prompt token, e.g. BOS, so SentencePiece drops the leading space of the first piece).</summary>
    public StreamingTextDecoder(ITokenizer tokenizer, int previousTokenId = -1)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _tokenizer = tokenizer;
        _previousTokenId = previousTokenId;
    }

    /// <summary>Number of bytes held back, waiting for the rest of a character (0 to 3).</summary>
    public int PendingByteCount => _bytes.WrittenCount;

    /// <summary>
    /// Adds <paramref name="tokenId"/> and returns the text it completes: whole characters only, possibly empty.
    /// The span is valid until the next call on this decoder.
    /// </summary>
    public ReadOnlySpan<char> Push(int tokenId)
    {
        _tokenizer.AppendTokenBytes(tokenId, _previousTokenId, _bytes);
        _previousTokenId = tokenId;
        return DecodePending(isFinal: false);
    }

    /// <summary>Ends the stream: returns any held-back bytes as U+FFFD (empty when none) and clears them.</summary>
    public ReadOnlySpan<char> Flush() => DecodePending(isFinal: true);

    /// <summary>Drops held-back bytes and starts a new stream after <paramref name="previousTokenId"/>.</summary>
    public void Reset(int previousTokenId = -1)
    {
        _bytes.ResetWrittenCount();
        _previousTokenId = previousTokenId;
    }

    private ReadOnlySpan<char> DecodePending(bool isFinal)
    {
        var pending = _bytes.WrittenSpan;
        if (pending.IsEmpty)
        {
            return [];
        }

        // UTF-8 never yields more UTF-16 units than bytes.
        if (_chars.Length < pending.Length)
        {
            _chars = new char[Math.Max(pending.Length, _chars.Length * 2)];
        }

        Utf8.ToUtf16(pending, _chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: true, isFinalBlock: isFinal);
        var rest = pending.Length - bytesRead;
        if (rest == 0)
        {
            _bytes.ResetWrittenCount();
        }
        else
        {
            // At most 3 bytes of an unfinished character remain; move them to the front.
            Span<byte> carry = stackalloc byte[4];
            pending[bytesRead..].CopyTo(carry);
            _bytes.ResetWrittenCount();
            _bytes.Write(carry[..rest]);
        }

        return _chars.AsSpan(0, charsWritten);
    }
}
