using System.Text.RegularExpressions;
using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Tokenization;

/// <summary>Builds the tokenizer a model file describes.</summary>
public static partial class TokenizerLoader
{
    /// <summary>GGUF <c>tokenizer.ggml.model</c> values this loader supports.</summary>
    public static IReadOnlyList<string> SupportedGgufModels { get; } = [TokenizerModels.Llama, TokenizerModels.Gpt2];

    /// <summary>The one <c>tokenizer.ggml.pre</c> value supported for byte-level BPE.</summary>
    public const string Gpt2PreTokenizerName = "gpt-2";

    /// <summary>
    /// The tokenizer in a GGUF file's metadata: SentencePiece BPE for <c>tokenizer.ggml.model = llama</c>, byte-level BPE
    /// for <c>gpt2</c>.
    /// </summary>
    /// <exception cref="ModelFileException">The tokenizer metadata is missing, inconsistent or of an unsupported model.</exception>
    public static ITokenizer FromGguf(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.TryGet("tokenizer.ggml.model", out var modelValue))
        {
            throw new ModelFileException(file.FilePath, "has no tokenizer (metadata key 'tokenizer.ggml.model' is missing); pass a tokenizer file with --tokenizer.");
        }

        var model = modelValue.Value as string ?? "";
        var tokens = file.GetArray<string>("tokenizer.ggml.tokens");
        var types = ReadTypes(file, tokens.Length);
        var special = new SpecialTokenIds(
            file.GetInt64OrDefault("tokenizer.ggml.bos_token_id", -1),
            file.GetInt64OrDefault("tokenizer.ggml.eos_token_id", -1),
            file.GetInt64OrDefault("tokenizer.ggml.unknown_token_id", -1));
        try
        {
            return model switch
            {
                TokenizerModels.Llama => new SentencePieceTokenizer(
                    tokens,
                    ReadScores(file, tokens.Length),
                    types,
                    special,
                    GetBool(file, "tokenizer.ggml.add_bos_token", fallback: true),
                    GetBool(file, "tokenizer.ggml.add_space_prefix", fallback: true)),
                TokenizerModels.Gpt2 when !IsGpt2PreTokenizer(file, out var pre) => throw new ModelFileException(
                    file.FilePath,
                    $"byte-level BPE pre-tokenizer '{pre}' (tokenizer.ggml.pre) is not supported (supported: {Gpt2PreTokenizerName}); its split rules differ from GPT-2's."),
                TokenizerModels.Gpt2 => new Gpt2Tokenizer(
                    tokens,
                    types,
                    file.GetArray<string>("tokenizer.ggml.merges"),
                    special,
                    GetBool(file, "tokenizer.ggml.add_bos_token", fallback: false)),
                _ => throw new ModelFileException(
                    file.FilePath,
                    $"tokenizer model '{model}' is not supported (supported: {string.Join(", ", SupportedGgufModels)})."),
            };
        }
        catch (ArgumentException ex)
        {
            throw new ModelFileException(file.FilePath, $"tokenizer metadata is inconsistent: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// A SentencePiece tokenizer from a llama2.c tokenizer file: BOS 1, EOS 2, unknown 0, byte tokens <c>&lt;0xNN&gt;</c>,
    /// BOS added by default, '▁' prefix. With <paramref name="vocabularySize"/> (from the model header) exactly that many
    /// tokens are read.
    /// </summary>
    /// <exception cref="ModelFileException">The file is missing, truncated or corrupted.</exception>
    public static SentencePieceTokenizer FromLlama2cFile(string path, int? vocabularySize = null) =>
        FromLlama2cVocabulary(Llama2cVocabulary.Read(path, vocabularySize));

    /// <summary>A SentencePiece tokenizer over a llama2.c vocabulary already read (see <see cref="FromLlama2cFile"/>).</summary>
    public static SentencePieceTokenizer FromLlama2cVocabulary(Llama2cVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var tokens = new string[vocabulary.Count];
        var types = new TokenType[vocabulary.Count];
        for (var id = 0; id < tokens.Length; id++)
        {
            var text = vocabulary.Tokens[id];
            types[id] = id switch
            {
                0 => TokenType.Unknown,
                1 or 2 => TokenType.Control,
                _ when ByteTokenPattern().IsMatch(text) => TokenType.Byte,
                _ => TokenType.Normal,
            };

            // llama2.c writes SentencePiece's '▁' as a plain space.
            tokens[id] = types[id] == TokenType.Normal ? text.Replace(' ', SentencePieceTokenizer.SpaceSymbol) : text;
        }

        try
        {
            return new SentencePieceTokenizer(tokens, vocabulary.Scores, types, new SpecialTokenIds(1, 2, 0), addBosByDefault: true, addSpacePrefix: true);
        }
        catch (ArgumentException ex)
        {
            throw new ModelFileException(vocabulary.FilePath, $"tokenizer is inconsistent: {ex.Message}", ex);
        }
    }

    /// <summary>Byte-level BPE vocabularies are GPT-2's when <c>tokenizer.ggml.pre</c> says so or is absent (older files).</summary>
    private static bool IsGpt2PreTokenizer(GgufFile file, out string pre)
    {
        pre = file.TryGet("tokenizer.ggml.pre", out var value) ? value.Value as string ?? value.ToString() : Gpt2PreTokenizerName;
        return string.Equals(pre, Gpt2PreTokenizerName, StringComparison.Ordinal);
    }

    private static TokenType[] ReadTypes(GgufFile file, int count)
    {
        var types = new TokenType[count];
        if (!file.TryGet("tokenizer.ggml.token_type", out _))
        {
            Array.Fill(types, TokenType.Normal);
            return types;
        }

        var raw = file.GetArray<int>("tokenizer.ggml.token_type");
        if (raw.Length != count)
        {
            throw new ModelFileException(file.FilePath, $"tokenizer.ggml.token_type has {raw.Length} entries for {count} tokens.");
        }

        for (var id = 0; id < count; id++)
        {
            if (raw[id] is < 0 or > (int)TokenType.Byte)
            {
                throw new ModelFileException(file.FilePath, $"tokenizer.ggml.token_type of token {id} is {raw[id]} (expected 0 to 6).");
            }

            types[id] = (TokenType)raw[id];
        }

        return types;
    }

    private static float[] ReadScores(GgufFile file, int count)
    {
        var scores = file.GetArray<float>("tokenizer.ggml.scores");
        if (scores.Length != count)
        {
            throw new ModelFileException(file.FilePath, $"tokenizer.ggml.scores has {scores.Length} entries for {count} tokens.");
        }

        return scores;
    }

    private static bool GetBool(GgufFile file, string key, bool fallback) =>
        file.TryGet(key, out var value) ? value.Value is bool b ? b : throw new ModelFileException(file.FilePath, $"metadata key '{key}' is {value.Type}, expected a bool.") : fallback;

    [GeneratedRegex("^<0x[0-9A-Fa-f]{2}>$", RegexOptions.CultureInvariant)]
    private static partial Regex ByteTokenPattern();
}
