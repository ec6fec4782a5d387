using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Tokenization;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Tokenization;

public sealed class TokenizerLoaderTests
{
    private static readonly string[] TinyTokens = ["<unk>", "<s>", "</s>", "<0x41>", "▁", "a", "b", "▁a", "ab"];

    [Fact]
    public void A_small_spm_vocabulary_from_metadata_merges_by_score_and_falls_back_to_bytes()
    {
        var tokenizer = LoadTiny(("tokenizer.ggml.model", "llama"));

        Assert.IsType<SentencePieceTokenizer>(tokenizer);
        Assert.True(tokenizer.AddBosByDefault);
        Assert.Equal([1, 7, 6], tokenizer.Encode("ab", addBos: true));
        Assert.Equal([4, 3, 4, 0], tokenizer.Encode("A c", addBos: false));
        Assert.Equal(TokenType.Byte, tokenizer.GetTokenType(3));
    }

    [Fact]
    public void A_vocabulary_with_spaces_inside_tokens_is_tokenized_whole()
    {
        string[] tokens = [.. TinyTokens, "b▁a"];
        var tokenizer = LoadTiny(
            ("tokenizer.ggml.model", "llama"),
            ("tokenizer.ggml.tokens", tokens),
            ("tokenizer.ggml.scores", new[] { 0f, 0f, 0f, 0f, -1f, -2f, -3f, -4f, -5f, 1f }),
            ("tokenizer.ggml.token_type", new[] { 2, 3, 3, 6, 1, 1, 1, 1, 1, 1 }));

        Assert.False(((SentencePieceTokenizer)tokenizer).SplitBeforeSpaces);
        Assert.Equal([7, 9], tokenizer.Encode("ab a", addBos: false));
    }

    [Theory]
    [InlineData("bert", "tokenizer model 'bert' is not supported (supported: llama, gpt2)")]
    [InlineData("gpt2", "metadata key 'tokenizer.ggml.merges' is missing")]
    public void Unsupported_or_incomplete_tokenizers_name_the_file_and_the_problem(string model, string problem)
    {
        var error = Assert.Throws<ModelFileException>(() => LoadTiny(("tokenizer.ggml.model", model)));

        Assert.Contains("tiny.gguf", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Byte_level_bpe_with_another_pre_tokenizer_is_rejected()
    {
        var error = Assert.Throws<ModelFileException>(() => LoadTiny(
            ("tokenizer.ggml.model", "gpt2"), ("tokenizer.ggml.pre", "llama-bpe"), ("tokenizer.ggml.merges", new[] { "a b" })));

        Assert.Contains("pre-tokenizer 'llama-bpe' (tokenizer.ggml.pre) is not supported (supported: gpt-2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scores_of_the_wrong_length_are_rejected()
    {
        var error = Assert.Throws<ModelFileException>(() => LoadTiny(("tokenizer.ggml.model", "llama"), ("tokenizer.ggml.scores", new float[3])));

        Assert.Contains("tokenizer.ggml.scores has 3 entries for 9 tokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_type_out_of_range_is_rejected()
    {
        var types = new int[TinyTokens.Length];
        types[5] = 42;

        var error = Assert.Throws<ModelFileException>(() => LoadTiny(("tokenizer.ggml.model", "llama"), ("tokenizer.ggml.token_type", types)));

        Assert.Contains("token 5 is 42", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_byte_token_is_rejected()
    {
        var types = Enumerable.Repeat(1, TinyTokens.Length).ToArray();
        types[5] = 6;

        var error = Assert.Throws<ModelFileException>(() => LoadTiny(("tokenizer.ggml.model", "llama"), ("tokenizer.ggml.token_type", types)));

        Assert.Contains("token 5 'a' has the byte type but is not of the form <0xNN>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_tokenizer_metadata_asks_for_a_tokenizer_file()
    {
        using var temp = new TempDirectory();
        var path = temp.File("bare.gguf");
        MetadataOnlyGguf.Write(path, [("general.architecture", "llama")]);
        using var file = GgufFile.Open(path);

        var error = Assert.Throws<ModelFileException>(() => TokenizerLoader.FromGguf(file));

        Assert.Contains("has no tokenizer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFile_recognises_gguf_and_llama2c_files()
    {
        Assert.IsType<Gpt2Tokenizer>(TokenizerLoader.FromFile(SharedPaths.Model("vocab/ggml-vocab-gpt-2.gguf")));
        Assert.Equal(512, TokenizerLoader.FromFile(SharedPaths.Model("tok512.bin")).VocabularySize);
        Assert.Equal(512, TokenizerLoader.FromFile(SharedPaths.Model("stories260K.gguf")).VocabularySize);
    }

    [Fact]
    public void ForModel_checks_a_given_tokenizer_against_a_gguf_model()
    {
        Assert.Equal(512, TokenizerLoader.ForModel(SharedPaths.Model("stories260K.gguf"), SharedPaths.Model("tok512.bin")).VocabularySize);

        var error = Assert.Throws<ModelFileException>(
            () => TokenizerLoader.ForModel(SharedPaths.Model("stories260K.gguf"), SharedPaths.Model("vocab/ggml-vocab-gpt-2.gguf")));

        Assert.Contains("has 50257 tokens but the model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForModel_finds_tokenizer_bin_beside_a_llama2c_checkpoint()
    {
        using var temp = new TempDirectory();
        File.Copy(SharedPaths.Model("stories260K.bin"), temp.File("model.bin"));
        File.Copy(SharedPaths.Model("tok512.bin"), temp.File("tokenizer.bin"));

        Assert.Equal([1, 403, 407, 261, 378], TokenizerLoader.ForModel(temp.File("model.bin"), null).Encode("Once upon a time", addBos: true));
    }

    [Fact]
    public void Special_ids_outside_the_vocabulary_mean_none()
    {
        var tokenizer = LoadTiny(("tokenizer.ggml.model", "llama"), ("tokenizer.ggml.bos_token_id", uint.MaxValue));

        Assert.Equal(-1, tokenizer.BosTokenId);
        Assert.False(tokenizer.AddBosByDefault);
        Assert.Equal([7], tokenizer.Encode("a", addBos: true));
    }

    private static ITokenizer LoadTiny(params (string Key, object Value)[] overrides)
    {
        var metadata = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["general.architecture"] = "llama",
            ["tokenizer.ggml.tokens"] = TinyTokens,
            ["tokenizer.ggml.scores"] = new[] { 0f, 0f, 0f, 0f, -1f, -2f, -3f, -4f, -5f },
            ["tokenizer.ggml.token_type"] = new[] { 2, 3, 3, 6, 1, 1, 1, 1, 1 },
            ["tokenizer.ggml.bos_token_id"] = 1u,
            ["tokenizer.ggml.eos_token_id"] = 2u,
            ["tokenizer.ggml.unknown_token_id"] = 0u,
        };
        foreach (var (key, value) in overrides)
        {
            metadata[key] = value;
        }

        using var temp = new TempDirectory();
        var path = temp.File("tiny.gguf");
        MetadataOnlyGguf.Write(path, [.. metadata.Select(kv => (kv.Key, kv.Value))]);
        using var file = GgufFile.Open(path);
        return TokenizerLoader.FromGguf(file);
    }
}
