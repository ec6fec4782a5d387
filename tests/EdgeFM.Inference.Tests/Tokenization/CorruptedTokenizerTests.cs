using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Tokenization;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Tokenization;

public sealed class CorruptedTokenizerTests
{
    [Theory]
    [InlineData("stories260K.gguf", 12_000)]
    [InlineData("vocab/ggml-vocab-gpt-2.gguf", 1_766_807)]
    public void Randomly_corrupted_vocabularies_load_and_work_or_fail_with_ModelFileException(string relativePath, int corruptPrefix)
    {
        var original = File.ReadAllBytes(SharedPaths.Model(relativePath));
        using var temp = new TempDirectory();
        var random = new Random(99);
        for (var round = 0; round < 40; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                // Flips land in the metadata, where the vocabulary lives.
                bytes[random.Next(Math.Min(corruptPrefix, bytes.Length))] = (byte)random.Next(256);
            }

            var path = temp.File($"corrupt{round}.gguf");
            File.WriteAllBytes(path, bytes);
            try
            {
                using var file = GgufFile.Open(path);
                var tokenizer = TokenizerLoader.FromGguf(file);
                var ids = tokenizer.Encode("Once upon a time 🦙 naïve", addBos: true);
                Assert.All(ids, id => Assert.InRange(id, 0, tokenizer.VocabularySize - 1));
                _ = tokenizer.Decode(ids);
            }
            catch (ModelFileException error)
            {
                Assert.Contains(path, error.Message, StringComparison.Ordinal);
            }
        }
    }
}
