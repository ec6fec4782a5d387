using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Tokenization;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Tokenization;

public sealed class TestVectorTests
{
    [Theory]
    [InlineData("ggml-vocab-llama-spm.gguf", typeof(SentencePieceTokenizer))]
    [InlineData("ggml-vocab-gpt-2.gguf", typeof(Gpt2Tokenizer))]
    public void Reproduces_llama_cpp_test_vectors_exactly(string vocabularyFile, Type expectedType)
    {
        using var file = GgufFile.Open(SharedPaths.Model(Path.Combine("vocab", vocabularyFile)));
        var tokenizer = TokenizerLoader.FromGguf(file);
        var vectors = VocabularyTestVectors.Load(vocabularyFile);

        Assert.IsType(expectedType, tokenizer);
        Assert.Equal(46, vectors.Count);
        var failures = vectors
            .Select(v => (v.Text, v.Expected, Actual: tokenizer.Encode(v.Text, addBos: false)))
            .Where(r => !r.Expected.SequenceEqual(r.Actual))
            .Select(r => $"'{r.Text}': expected [{string.Join(' ', r.Expected)}] got [{string.Join(' ', r.Actual)}]")
            .ToList();
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Theory]
    [InlineData("ggml-vocab-llama-spm.gguf")]
    [InlineData("ggml-vocab-gpt-2.gguf")]
    public void Decoding_the_test_vectors_gives_the_text_back(string vocabularyFile)
    {
        using var file = GgufFile.Open(SharedPaths.Model(Path.Combine("vocab", vocabularyFile)));
        var tokenizer = TokenizerLoader.FromGguf(file);

        foreach (var (text, expected) in VocabularyTestVectors.Load(vocabularyFile))
        {
            Assert.Equal(text, tokenizer.Decode(expected));
        }
    }

    [Fact]
    public void The_llama2c_32k_vocabulary_agrees_with_the_gguf_one_on_every_test_string()
    {
        using var file = GgufFile.Open(SharedPaths.Model("vocab/ggml-vocab-llama-spm.gguf"));
        var gguf = TokenizerLoader.FromGguf(file);
        var llama2c = TokenizerLoader.FromLlama2cFile(SharedPaths.Model("llama2-tokenizer.bin"));

        Assert.Equal(gguf.VocabularySize, llama2c.VocabularySize);
        foreach (var (text, expected) in VocabularyTestVectors.Load("ggml-vocab-llama-spm.gguf"))
        {
            Assert.Equal(expected, llama2c.Encode(text, addBos: false));
            Assert.Equal([1, .. expected], llama2c.Encode(text, addBos: true));
        }
    }
}
