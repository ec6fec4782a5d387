using System.Buffers.Binary;

namespace EdgeFM.Gateway.Catalog;

/// <summary>Cheap probes that tell llama2.c tokenizer files from llama2.c checkpoints without loading them.</summary>
internal static class Llama2cFiles
{
    private const int HeaderInts = 7;

    /// <summary>
    /// True when the file is a whole llama2.c tokenizer: int32 max token length, then (float32 score, int32 length,
    /// bytes) records up to exactly the end of the file; <paramref name="vocabulary"/> is the record count.
    /// </summary>
    public static bool TryReadTokenizerVocabulary(string path, out int vocabulary)
    {
        vocabulary = 0;
        using var stream = File.OpenRead(path);
        Span<byte> four = stackalloc byte[4];
        if (!TryReadInt(stream, four, out var maxLength) || maxLength is <= 0 or > 1024)
        {
            return false;
        }

        var count = 0;
        while (stream.Position < stream.Length)
        {
            if (stream.Length - stream.Position < 8)
            {
                return false;
            }

            stream.Seek(4, SeekOrigin.Current);
            if (!TryReadInt(stream, four, out var length) || length < 0 || length > maxLength || stream.Position + length > stream.Length)
            {
                return false;
            }

            stream.Seek(length, SeekOrigin.Current);
            count++;
        }

        vocabulary = count;
        return count > 0;
    }

    /// <summary>
    /// True when the file starts with a plausible llama2.c header (dim, hidden dim, layers, heads, KV heads, vocab,
    /// sequence length; all positive except the vocabulary, whose sign says whether the classifier is shared).
    /// </summary>
    public static bool TryReadCheckpointVocabulary(string path, out int vocabulary)
    {
        vocabulary = 0;
        using var stream = File.OpenRead(path);
        Span<byte> header = stackalloc byte[HeaderInts * 4];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
        {
            return false;
        }

        for (var i = 0; i < HeaderInts; i++)
        {
            var value = BinaryPrimitives.ReadInt32LittleEndian(header[(i * 4)..]);
            if (i == 5)
            {
                vocabulary = Math.Abs(value);
                if (vocabulary == 0)
                {
                    return false;
                }
            }
            else if (value <= 0 || value > 1 << 20)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadInt(Stream stream, Span<byte> buffer, out int value)
    {
        value = 0;
        if (stream.ReadAtLeast(buffer, 4, throwOnEndOfStream: false) < 4)
        {
            return false;
        }

        value = BinaryPrimitives.ReadInt32LittleEndian(buffer);
        return true;
    }
}
