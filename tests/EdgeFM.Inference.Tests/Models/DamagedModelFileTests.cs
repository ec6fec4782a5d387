using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Models;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Models;

/// <summary>Truncated, corrupted and mismatched model and tokenizer files fail with a clear <see cref="ModelFileException"/> only.</summary>
public sealed class DamagedModelFileTests
{
    [Theory]
    [InlineData("stories260K.gguf")]
    [InlineData("stories260K.bin")]
    public void Truncated_copies_name_the_file_and_say_truncated(string name)
    {
        var original = File.ReadAllBytes(SharedPaths.Model(name));
        using var temp = new TempDirectory();
        foreach (var length in new[] { 0, 3, 20, 27, 28, 100, 4096, original.Length / 2, original.Length - 1 })
        {
            var path = temp.File($"cut-{length}-{name}");
            File.WriteAllBytes(path, original.AsSpan(0, length).ToArray());

            var error = Assert.Throws<ModelFileException>(() => LlamaModel.Load(path, new ModelLoadOptions { TokenizerPath = SharedPaths.Model("tok512.bin") }));

            Assert.Contains(Path.GetFileName(path), error.Message, StringComparison.Ordinal);
            Assert.True(length == 0 || error.Message.Contains("truncated", StringComparison.Ordinal) || error.Message.Contains("corrupted", StringComparison.Ordinal), error.Message);
        }
    }

    [Fact]
    public void A_gguf_file_replaced_by_other_bytes_is_named_as_not_GGUF()
    {
        using var temp = new TempDirectory();
        var path = temp.File("replaced.gguf");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7919 >> 3))]);

        var error = Assert.Throws<ModelFileException>(() => LlamaModel.Load(path, new ModelLoadOptions()));

        Assert.Contains("replaced.gguf", error.Message, StringComparison.Ordinal);
        Assert.Contains("GGUF magic", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("llama2.c", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stories260K.gguf", 1)]
    [InlineData("stories260K.bin", 2)]
    public void Randomly_corrupted_copies_load_and_run_or_fail_with_ModelFileException(string name, int seed) =>
        LoadCorruptedCopies(File.ReadAllBytes(SharedPaths.Model(name)), name, seed);

    [Fact]
    public void Randomly_corrupted_copies_of_a_repacked_Q4_0_model_load_and_run_or_fail_with_ModelFileException()
    {
        using var temp = new TempDirectory();
        var path = temp.File("stories260K-q4_0.gguf");
        Generation.QuantizedModelTests.WriteQuantizedCopy(SharedPaths.Model("stories260K.gguf"), path, GgmlType.Q4_0);
        LoadCorruptedCopies(File.ReadAllBytes(path), "stories260K-q4_0.gguf", 3);
    }

    private static void LoadCorruptedCopies(byte[] original, string name, int seed)
    {
        using var temp = new TempDirectory();
        var random = new Random(seed);
        var path = temp.File("corrupt-" + name);
        for (var trial = 0; trial < 150; trial++)
        {
            var bytes = (byte[])original.Clone();
            // Mostly damage the header and metadata, where a wrong value could mislead the loader.
            var region = trial % 3 == 0 ? bytes.Length : Math.Min(bytes.Length, 16_000);
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                bytes[random.Next(region)] = (byte)random.Next(256);
            }

            File.WriteAllBytes(path, bytes);
            try
            {
                using var model = LlamaModel.Load(path, new ModelLoadOptions { TokenizerPath = SharedPaths.Model("tok512.bin"), Threads = 1 });
                var session = model.CreateSession(Math.Min(8, model.Config.ContextLength));
                session.Prefill([Math.Min(1, model.Config.VocabularySize - 1)]);
                _ = model.Tokenizer?.Encode("Once upon a time", addBos: true);
            }
            catch (ModelFileException error)
            {
                Assert.Contains(Path.GetFileName(path), error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Corrupted_tokenizer_files_fail_with_ModelFileException()
    {
        var original = File.ReadAllBytes(SharedPaths.Model("tok512.bin"));
        using var temp = new TempDirectory();
        var random = new Random(3);
        var path = temp.File("tokenizer-corrupt.bin");
        var failures = 0;
        for (var trial = 0; trial < 60; trial++)
        {
            var bytes = trial % 2 == 0 ? original.AsSpan(0, random.Next(original.Length)).ToArray() : (byte[])original.Clone();
            if (trial % 2 == 1)
            {
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
            }

            File.WriteAllBytes(path, bytes);
            try
            {
                using var model = LlamaModel.Load(SharedPaths.Model("stories260K.bin"), new ModelLoadOptions { TokenizerPath = path });
                _ = model.Tokenizer!.Encode("Once upon a time", addBos: true);
            }
            catch (ModelFileException error)
            {
                failures++;
                Assert.Contains("tokenizer-corrupt.bin", error.Message, StringComparison.Ordinal);
            }
        }

        Assert.True(failures >= 30, $"only {failures} of 60 damaged tokenizer files were rejected");
    }

    [Fact]
    public void A_tokenizer_of_another_vocabulary_is_rejected()
    {
        var error = Assert.Throws<ModelFileException>(() =>
            LlamaModel.Load(SharedPaths.Model("stories260K.bin"), new ModelLoadOptions { TokenizerPath = SharedPaths.Model("llama2-tokenizer.bin") }));

        Assert.Contains("llama2-tokenizer.bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("32000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gguf_of_another_architecture_is_rejected_by_name()
    {
        var error = Assert.Throws<ModelFileException>(() => LlamaModel.Load(SharedPaths.Model("vocab/ggml-vocab-gpt-2.gguf")));

        Assert.Contains("architecture 'gpt2' is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_context_override_beyond_the_model_is_rejected()
    {
        var error = Assert.Throws<ModelFileException>(() => LlamaModel.Load(SharedPaths.Model("stories260K.bin"), new ModelLoadOptions { ContextLength = 4096 }));

        Assert.Contains("context length 4096", error.Message, StringComparison.Ordinal);
    }
}
