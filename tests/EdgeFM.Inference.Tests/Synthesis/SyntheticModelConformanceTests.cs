using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Synthesis;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Synthesis;

/// <summary>
/// No llama.cpp binary is available here, so a synthesized file is held against one llama.cpp itself wrote:
/// stories260K.gguf (converted by llama.cpp's converter). A model synthesized with the same shape and tokenizer must
/// carry every metadata key llama.cpp wrote for the architecture and tokenizer, with the same GGUF value types, and
/// the same tensors with the same names, dimension order and types, aligned as the format requires.
/// </summary>
public sealed class SyntheticModelConformanceTests
{
    [Fact]
    public void A_synthesized_model_has_the_layout_llama_cpp_writes()
    {
        using var temp = new TempDirectory();
        var path = temp.File("synth-260k.gguf");
        SyntheticModel.Write(
            new SyntheticModelOptions
            {
                Dimension = 64,
                Layers = 5,
                Heads = 8,
                KvHeads = 4,
                FeedForward = 172,
                Vocabulary = 512,
                TokenizerPath = SharedPaths.Model("tok512.bin"),
            },
            path);
        using var reference = GgufFile.Open(SharedPaths.Model("stories260K.gguf"));
        using var synthesized = GgufFile.Open(path);

        Assert.InRange(synthesized.Version, 2u, 3u);
        foreach (var (key, expected) in reference.Metadata)
        {
            if (!key.StartsWith("llama.", StringComparison.Ordinal) && !key.StartsWith("tokenizer.ggml.", StringComparison.Ordinal)
                && key is not "general.architecture")
            {
                continue;
            }

            // A special token id of UINT32_MAX means "none", which is what llama.cpp assumes when the key is absent.
            if (expected.Type == GgufValueType.UInt32 && expected.AsInt64() == uint.MaxValue)
            {
                continue;
            }

            Assert.True(synthesized.TryGet(key, out var actual), $"missing metadata key '{key}'");
            Assert.Equal((expected.Type, expected.ElementType, expected.Count), (actual.Type, actual.ElementType, actual.Count));
            if (expected.Value is not Array)
            {
                Assert.Equal(expected.ToString(), actual.ToString());
            }
        }

        Assert.Equal(reference.Tensors.Select(t => (t.Name, t.Type, string.Join('x', t.Dimensions))).Order(),
            synthesized.Tensors.Select(t => (t.Name, t.Type, string.Join('x', t.Dimensions))).Order());
        // Offsets here are absolute; the format stores them relative to the aligned start of the data section.
        Assert.Equal(0, synthesized.DataOffset % synthesized.Alignment);
        Assert.All(synthesized.Tensors, t => Assert.Equal(0, (t.Offset - synthesized.DataOffset) % synthesized.Alignment));
        var lastEnd = synthesized.Tensors.Max(t => t.Offset + t.ByteSize);
        Assert.InRange(lastEnd, synthesized.FileLength - synthesized.Alignment, synthesized.FileLength);
    }
}
