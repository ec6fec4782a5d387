using System.Buffers.Binary;
using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Tokenization;

public static partial class TokenizerLoader
{
    /// <summary>File name llama2.c gives its tokenizer; looked for beside a llama2.c checkpoint when none is given.</summary>
    public const string DefaultLlama2cTokenizerFileName = "tokenizer.bin";

    private const int Llama2cHeaderBytes = 7 * sizeof(int);
    private const int MaxVocabularySize = 1 << 22;

    /// <summary>
    /// A tokenizer file of either kind: a GGUF file (a model or vocabulary only) or a llama2.c tokenizer file, told apart
    /// by the GGUF magic bytes.
    /// </summary>
    /// <exception cref="ModelFileException">The file is missing, truncated, corrupted or holds no supported tokenizer.</exception>
    public static ITokenizer FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!IsGguf(path))
        {
            return FromLlama2cFile(path);
        }

        using var file = GgufFile.Open(path);
        return FromGguf(file);
    }

    /// <summary>
    /// The tokenizer of a model. Without <paramref name="tokenizerPath"/> a GGUF model's own vocabulary is used, and a
    /// llama2.c checkpoint's <c>tokenizer.bin</c> beside it. With it, that file (GGUF or llama2.c) is used and, when a model
    /// is given too, must have exactly the model's vocabulary size.
    /// </summary>
    /// <exception cref="ArgumentException">Neither path is given.</exception>
    /// <exception cref="ModelFileException">A file is unusable, no tokenizer is found, or the tokenizer does not match the model.</exception>
    public static ITokenizer ForModel(string? modelPath, string? tokenizerPath)
    {
        if (string.IsNullOrEmpty(modelPath))
        {
            return string.IsNullOrEmpty(tokenizerPath)
                ? throw new ArgumentException("Give a model file, a tokenizer file or both.", nameof(tokenizerPath))
                : FromFile(tokenizerPath);
        }

        var modelFullPath = Path.GetFullPath(modelPath);
        if (string.IsNullOrEmpty(tokenizerPath) && IsGguf(modelFullPath))
        {
            using var file = GgufFile.Open(modelFullPath);
            return FromGguf(file);
        }

        var modelVocabulary = ModelVocabularySize(modelFullPath);
        if (string.IsNullOrEmpty(tokenizerPath))
        {
            tokenizerPath = Path.Combine(Path.GetDirectoryName(modelFullPath) ?? ".", DefaultLlama2cTokenizerFileName);
            if (!File.Exists(tokenizerPath))
            {
                throw new ModelFileException(
                    modelFullPath,
                    $"is a llama2.c checkpoint, which holds no tokenizer, and there is no {DefaultLlama2cTokenizerFileName} beside it; give its llama2.c tokenizer file (--tokenizer).");
            }
        }

        var tokenizer = FromFile(tokenizerPath);
        if (tokenizer.VocabularySize != modelVocabulary)
        {
            throw new ModelFileException(
                Path.GetFullPath(tokenizerPath),
                $"has {tokenizer.VocabularySize} tokens but the model {modelFullPath} has a vocabulary of {modelVocabulary}; it is not this model's tokenizer.");
        }

        return tokenizer;
    }

    /// <summary>Whether <paramref name="path"/> starts with the GGUF magic bytes (false for a missing or short file).</summary>
    public static bool IsGguf(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        try
        {
            using var stream = File.OpenRead(path);
            return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && BinaryPrimitives.ReadUInt32LittleEndian(magic) == GgufFile.Magic;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static int ModelVocabularySize(string modelPath)
    {
        if (IsGguf(modelPath))
        {
            using var file = GgufFile.Open(modelPath);
            if (file.TryGetTensor("token_embd.weight", out var embedding) && embedding.Dimensions.Count == 2)
            {
                return (int)Math.Min(embedding.Dimensions[1], int.MaxValue);
            }

            return file.TryGet("tokenizer.ggml.tokens", out var tokens)
                ? tokens.Count
                : throw new ModelFileException(modelPath, "has neither a token embedding nor a vocabulary, so its vocabulary size is unknown.");
        }

        return Llama2cCheckpointVocabularySize(modelPath);
    }

    private static int Llama2cCheckpointVocabularySize(string modelPath)
    {
        if (!File.Exists(modelPath))
        {
            throw new ModelFileException(modelPath, "model file not found.");
        }

        Span<byte> header = stackalloc byte[Llama2cHeaderBytes];
        try
        {
            using var stream = File.OpenRead(modelPath);
            if (stream.ReadAtLeast(header, Llama2cHeaderBytes, throwOnEndOfStream: false) < Llama2cHeaderBytes)
            {
                throw new ModelFileException(modelPath, $"is neither GGUF nor a llama2.c checkpoint: it is shorter than the {Llama2cHeaderBytes}-byte llama2.c header.");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException(modelPath, $"cannot be read: {ex.Message}", ex);
        }

        // Header: dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len. The sign of vocab_size only says
        // whether the classifier is shared.
        var vocabulary = BinaryPrimitives.ReadInt32LittleEndian(header[20..]);
        if (vocabulary == 0 || vocabulary == int.MinValue || Math.Abs(vocabulary) > MaxVocabularySize)
        {
            throw new ModelFileException(modelPath, $"is neither GGUF nor a valid llama2.c checkpoint: its header gives vocabulary size {vocabulary}.");
        }

        return Math.Abs(vocabulary);
    }
}
