using EdgeFM.Inference.Tokenization;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Tokenization;

public sealed class Llama2cVocabularyTests
{
    [Fact]
    public void Reads_tok512_with_its_special_byte_and_merged_tokens()
    {
        var vocabulary = Llama2cVocabulary.Read(SharedPaths.Model("tok512.bin"));

        Assert.Equal(512, vocabulary.Count);
        Assert.Equal(512, vocabulary.Scores.Length);
        Assert.Equal(7, vocabulary.MaxTokenLength);
        Assert.Equal("<unk>", vocabulary.Tokens[0]);
        Assert.Equal("\n<s>\n", vocabulary.Tokens[1]);
        Assert.Equal("\n</s>\n", vocabulary.Tokens[2]);
        Assert.Equal("<0x00>", vocabulary.Tokens[3]);
        Assert.Equal("<0xFF>", vocabulary.Tokens[258]);
        Assert.Equal(" t", vocabulary.Tokens[259]);
        Assert.Equal(-1f, vocabulary.Scores[260]);
        Assert.All(vocabulary.Tokens, t => Assert.True(System.Text.Encoding.UTF8.GetByteCount(t) <= vocabulary.MaxTokenLength));
    }

    [Fact]
    public void Reads_the_32k_llama2_vocabulary_and_a_given_size()
    {
        var whole = Llama2cVocabulary.Read(SharedPaths.Model("llama2-tokenizer.bin"));
        var first = Llama2cVocabulary.Read(SharedPaths.Model("llama2-tokenizer.bin"), vocabularySize: 1000);

        Assert.Equal(32000, whole.Count);
        Assert.Equal(27, whole.MaxTokenLength);
        Assert.Equal(1000, first.Count);
        Assert.Equal(whole.Tokens[..1000], first.Tokens);
    }

    [Fact]
    public void A_vocabulary_size_larger_than_the_file_names_the_file_and_the_problem()
    {
        var error = Assert.Throws<ModelFileException>(() => Llama2cVocabulary.Read(SharedPaths.Model("tok512.bin"), vocabularySize: 32000));

        Assert.Contains("tok512.bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs 32000 tokens", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(9)]
    [InlineData(101)]
    [InlineData(6226)]
    public void Truncated_copies_give_a_clear_error_naming_the_file(int length)
    {
        using var temp = new TempDirectory();
        var path = temp.File("truncated-tok.bin");
        File.WriteAllBytes(path, File.ReadAllBytes(SharedPaths.Model("tok512.bin")).AsSpan(0, length).ToArray());

        var error = Assert.Throws<ModelFileException>(() => Llama2cVocabulary.Read(path));

        Assert.Contains("truncated-tok.bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<ModelFileException>(() => Llama2cVocabulary.Read("/nonexistent/tok.bin"));

        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_checkpoint_passed_as_tokenizer_is_rejected()
    {
        var error = Assert.Throws<ModelFileException>(() => Llama2cVocabulary.Read(SharedPaths.Model("stories260K.bin")));

        Assert.Contains("stories260K.bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Randomly_corrupted_copies_read_or_fail_with_ModelFileException_only()
    {
        var original = File.ReadAllBytes(SharedPaths.Model("tok512.bin"));
        using var temp = new TempDirectory();
        var random = new Random(4321);
        for (var round = 0; round < 200; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 8); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            var path = temp.File($"corrupt{round}.bin");
            File.WriteAllBytes(path, bytes);
            try
            {
                var vocabulary = Llama2cVocabulary.Read(path);
                Assert.Equal(vocabulary.Count, vocabulary.Scores.Length);
            }
            catch (ModelFileException error)
            {
                Assert.Contains(path, error.Message, StringComparison.Ordinal);
            }
        }
    }
}
