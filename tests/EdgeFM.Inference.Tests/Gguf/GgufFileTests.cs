using EdgeFM.Inference.Gguf;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Gguf;

public sealed class GgufFileTests
{
    [Fact]
    public void Opens_stories260K_with_its_llama_metadata_and_tensors()
    {
        using var file = GgufFile.Open(SharedPaths.Model("stories260K.gguf"));

        Assert.Equal(3u, file.Version);
        Assert.Equal("llama", file.Architecture);
        Assert.Equal(64, file.GetInt64("llama.embedding_length"));
        Assert.Equal(5, file.GetInt64("llama.block_count"));
        Assert.Equal(512, file.GetArray<string>("tokenizer.ggml.tokens").Length);
        var embedding = file.GetTensor("token_embd.weight");
        Assert.Equal(GgmlType.F32, embedding.Type);
        Assert.Equal([64L, 512L], embedding.Dimensions);
        Assert.Equal(64 * 512 * 4, file.GetTensorData(embedding).Length);
        Assert.All(file.Tensors, t => Assert.True(t.Offset + t.ByteSize <= file.FileLength));
    }

    [Theory]
    [InlineData("vocab/ggml-vocab-llama-spm.gguf", 32000)]
    [InlineData("vocab/ggml-vocab-gpt-2.gguf", 50257)]
    public void Opens_vocabulary_only_files(string relativePath, int tokens)
    {
        using var file = GgufFile.Open(SharedPaths.Model(relativePath));

        Assert.Equal(tokens, file.GetArray<string>("tokenizer.ggml.tokens").Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(23)]
    [InlineData(200)]
    [InlineData(5000)]
    [InlineData(600_000)]
    [InlineData(1_185_000)]
    public void Truncated_copies_give_a_clear_error_naming_the_file(int length)
    {
        using var temp = new TempDirectory();
        var path = temp.File("truncated.gguf");
        var bytes = File.ReadAllBytes(SharedPaths.Model("stories260K.gguf"));
        File.WriteAllBytes(path, bytes.AsSpan(0, length).ToArray());

        var error = Assert.Throws<ModelFileException>(() => GgufFile.Open(path));

        Assert.Contains("truncated.gguf", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bb", "element 1 of 'strings' claims")]
    [InlineData("dddd", "value of 'name' claims")]
    public void A_string_longer_than_the_file_is_named_by_key_and_element(string corrupted, string expected)
    {
        using var temp = new TempDirectory();
        var path = temp.File("long-string.gguf");
        using (var writer = GgufWriter.Create(path))
        {
            writer.AddArray("strings", new[] { "a", "bb", "ccc" });
            writer.AddString("name", "dddd");
            writer.Finish();
        }

        // Make the string's length prefix (little-endian u64 before its bytes) claim a petabyte.
        var bytes = File.ReadAllBytes(path);
        byte[] prefixed = [.. BitConverter.GetBytes((ulong)corrupted.Length), .. System.Text.Encoding.UTF8.GetBytes(corrupted)];
        var at = bytes.AsSpan().IndexOf(prefixed);
        Assert.True(at > 0);
        BitConverter.GetBytes(1UL << 50).CopyTo(bytes, at);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ModelFileException>(() => GgufFile.Open(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("long-string.gguf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Randomly_corrupted_copies_open_or_fail_with_ModelFileException_only()
    {
        var original = File.ReadAllBytes(SharedPaths.Model("stories260K.gguf"));
        using var temp = new TempDirectory();
        var random = new Random(1234);
        for (var trial = 0; trial < 200; trial++)
        {
            var bytes = (byte[])original.Clone();
            // Corrupt the header and metadata region, where a bad byte changes structure rather than a weight.
            for (var k = 0; k < 4; k++)
            {
                bytes[random.Next(0, 24_000)] = (byte)random.Next(256);
            }

            var path = temp.File($"corrupt{trial}.gguf");
            File.WriteAllBytes(path, bytes);
            try
            {
                using var file = GgufFile.Open(path);
                Assert.All(file.Tensors, t => Assert.True(t.Offset + t.ByteSize <= file.FileLength));
            }
            catch (ModelFileException ex)
            {
                Assert.Contains($"corrupt{trial}.gguf", ex.Message, StringComparison.Ordinal);
            }
        }
    }
}
