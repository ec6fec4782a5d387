using System.Buffers.Binary;
using System.Text;

namespace EdgeFM.Inference.Tokenization;

/// <summary>
/// A tokenizer file in llama2.c's format (<c>tokenizer.bin</c>, <c>tok512.bin</c>): a little-endian int32
/// <c>max_token_length</c>, then per token a float32 score, an int32 byte length and that many UTF-8 bytes.
/// The file stores no token count: it is implied by the file length, or given by the model header.
/// llama2.c stores spaces as ' ' (not SentencePiece's '▁'), BOS as "\n&lt;s&gt;\n" (id 1), EOS as "\n&lt;/s&gt;\n" (id 2)
/// and the 256 byte-fallback tokens as "&lt;0xNN&gt;" (ids 3..258).
/// </summary>
public sealed class Llama2cVocabulary
{
    // No real vocabulary comes close; larger values mean the file is not a tokenizer file.
    private const int MaxTokenLengthLimit = 1 << 16;
    private const long MaxFileBytes = 256L << 20;
    private const int RecordHeaderBytes = 8;

    private Llama2cVocabulary(string filePath, int maxTokenLength, string[] tokens, float[] scores)
    {
        FilePath = filePath;
        MaxTokenLength = maxTokenLength;
        Tokens = tokens;
        Scores = scores;
    }

    /// <summary>Absolute path of the file read.</summary>
    public string FilePath { get; }

    /// <summary>The <c>max_token_length</c> field: the longest token in bytes, as the file declares it.</summary>
    public int MaxTokenLength { get; }

    /// <summary>Token texts by id, decoded from UTF-8 (invalid sequences become U+FFFD).</summary>
    public string[] Tokens { get; }

    /// <summary>Token scores by id (SentencePiece log-probabilities; higher merges first).</summary>
    public float[] Scores { get; }

    /// <summary>Number of tokens.</summary>
    public int Count => Tokens.Length;

    /// <summary>
    /// Reads a llama2.c tokenizer file. With <paramref name="vocabularySize"/> exactly that many tokens are read
    /// (as llama2.c does, trailing bytes are ignored); without it, tokens are read to the end of the file, which must end
    /// on a token boundary.
    /// </summary>
    /// <exception cref="ModelFileException">The file is missing, unreadable, truncated or corrupted, or holds fewer than
    /// <paramref name="vocabularySize"/> tokens.</exception>
    public static Llama2cVocabulary Read(string path, int? vocabularySize = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (vocabularySize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(vocabularySize), vocabularySize, "The vocabulary size must be positive.");
        }

        return Parse(fullPath, ReadBytes(fullPath), vocabularySize);
    }

    private static byte[] ReadBytes(string fullPath)
    {
        if (!File.Exists(fullPath))
        {
            throw new ModelFileException(fullPath, "tokenizer file not found.");
        }

        try
        {
            var length = new FileInfo(fullPath).Length;
            if (length > MaxFileBytes)
            {
                throw new ModelFileException(
                    fullPath,
                    $"is {length} bytes, far larger than any llama2.c tokenizer file (at most {MaxFileBytes} bytes); is it a model checkpoint rather than its tokenizer?");
            }

            return File.ReadAllBytes(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException(fullPath, $"tokenizer file cannot be read: {ex.Message}", ex);
        }
    }

    private static Llama2cVocabulary Parse(string path, byte[] bytes, int? vocabularySize)
    {
        if (bytes.Length < 4)
        {
            throw new ModelFileException(path, $"tokenizer file is {bytes.Length} bytes, too short for its 4-byte header; it is truncated or not a llama2.c tokenizer file.");
        }

        var maxTokenLength = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        if (maxTokenLength is <= 0 or > MaxTokenLengthLimit)
        {
            throw new ModelFileException(path, $"max_token_length is {maxTokenLength} (expected 1 to {MaxTokenLengthLimit}); it is corrupted or not a llama2.c tokenizer file.");
        }

        var tokens = new List<string>(vocabularySize ?? 1024);
        var scores = new List<float>(vocabularySize ?? 1024);
        var position = 4;
        while (vocabularySize is { } wanted ? tokens.Count < wanted : position < bytes.Length)
        {
            var id = tokens.Count;
            if (bytes.Length - position < RecordHeaderBytes)
            {
                throw Truncated(path, id, position, vocabularySize);
            }

            var score = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(position));
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position + 4));
            if (!float.IsFinite(score) && !float.IsNegativeInfinity(score))
            {
                throw new ModelFileException(path, $"token {id} at byte {position} has score {score}; the file is corrupted.");
            }

            if (length < 0 || length > maxTokenLength)
            {
                throw new ModelFileException(path, $"token {id} at byte {position} has length {length}, outside 0..max_token_length ({maxTokenLength}); the file is corrupted.");
            }

            position += RecordHeaderBytes;
            if (bytes.Length - position < length)
            {
                throw Truncated(path, id, position, vocabularySize);
            }

            tokens.Add(Encoding.UTF8.GetString(bytes, position, length));
            scores.Add(score);
            position += length;
        }

        if (tokens.Count == 0)
        {
            throw new ModelFileException(path, "tokenizer file holds no tokens.");
        }

        return new Llama2cVocabulary(path, maxTokenLength, [.. tokens], [.. scores]);
    }

    private static ModelFileException Truncated(string path, int id, int position, int? vocabularySize) => new(
        path,
        vocabularySize is { } wanted
            ? $"tokenizer file ends at byte {position} inside token {id}, but the model needs {wanted} tokens; it is truncated or belongs to a smaller vocabulary."
            : $"tokenizer file ends at byte {position} inside token {id}; it is truncated.");
}
