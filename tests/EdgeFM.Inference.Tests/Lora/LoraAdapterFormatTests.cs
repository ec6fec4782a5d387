using System.Runtime.InteropServices;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Lora;

/// <summary>
/// The adapter file format against llama.cpp's (convert_lora_to_gguf.py writes it, src/llama-adapter.cpp reads it):
/// keys <c>general.architecture</c>, <c>general.type = adapter</c>, <c>adapter.type = lora</c>,
/// <c>adapter.lora.alpha</c> (float32); tensors <c>&lt;base&gt;.lora_a</c> of ne [n_in, rank] and
/// <c>&lt;base&gt;.lora_b</c> of ne [rank, n_out].
/// </summary>
public sealed class LoraAdapterFormatTests
{
    [Fact]
    public void Written_adapter_has_llama_cpp_keys_types_names_and_dimension_order()
    {
        using var temp = new TempDirectory();
        var path = temp.File("a.gguf");
        var pair = new LoraTensorPair("blk.0.attn_q.weight", 4, 64, 32, new float[4 * 64], new float[32 * 4]);
        LoraAdapterWriter.Write(path, new LoraWeights(16f, [pair]));

        using var file = GgufFile.Open(path);
        Assert.Equal(("llama", GgufValueType.String), (file.GetString("general.architecture"), file.Get("general.architecture").Type));
        Assert.Equal("adapter", file.GetString("general.type"));
        Assert.Equal("lora", file.GetString("adapter.type"));
        Assert.Equal(GgufValueType.Float32, file.Get("adapter.lora.alpha").Type);
        Assert.Equal(16f, (float)file.Get("adapter.lora.alpha").Value);
        Assert.Equal<string>(["blk.0.attn_q.weight.lora_a", "blk.0.attn_q.weight.lora_b"], file.Tensors.Select(t => t.Name).ToArray());
        Assert.Equal([64L, 4L], file.GetTensor("blk.0.attn_q.weight.lora_a").Dimensions);
        Assert.Equal([4L, 32L], file.GetTensor("blk.0.attn_q.weight.lora_b").Dimensions);
        Assert.All(file.Tensors, t => Assert.Equal(GgmlType.F32, t.Type));
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public void Adapter_round_trips_exactly_in_F32_and_to_half_precision_in_F16()
    {
        using var model = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"), new ModelLoadOptions { Threads = 1 });
        var weights = TestAdapters.Random(model.Config, rank: 4, alpha: 8f, seed: 3);
        using var temp = new TempDirectory();
        LoraAdapterWriter.Write(temp.File("f32.gguf"), weights);
        LoraAdapterWriter.Write(temp.File("f16.gguf"), weights, GgmlType.F16);

        var f32 = LoraAdapter.Load(temp.File("f32.gguf"), model);
        var f16 = LoraAdapter.Load(temp.File("f16.gguf"), model);
        // stories260K.gguf has a separate output.weight (llama.cpp's converter writes the tied classifier out).
        Assert.Equal((5 * 7) + 1, f32.Tensors.Count);
        Assert.Equal((8f, "llama", 4), (f32.Alpha, f32.Architecture, f32.MaxRank));
        Assert.Equal(GgmlType.F16, f16.Tensors[0].Type);
        var back = f32.ToWeights();
        var halfBack = f16.ToWeights();
        Assert.Equal<string>(weights.Tensors.Select(t => t.TargetName).ToArray(), back.Tensors.Select(t => t.TargetName).ToArray());
        for (var i = 0; i < weights.Tensors.Count; i++)
        {
            var (expected, actual, half) = (weights.Tensors[i], back.Tensors[i], halfBack.Tensors[i]);
            Assert.Equal((expected.Rank, expected.InputDimension, expected.OutputDimension), (actual.Rank, actual.InputDimension, actual.OutputDimension));
            Assert.Equal(expected.A, actual.A);
            Assert.Equal(expected.B, actual.B);
            Assert.Equal(expected.A.Select(v => (float)(Half)v), half.A);
            Assert.Equal(expected.B.Select(v => (float)(Half)v), half.B);
        }
    }

    /// <summary>
    /// A file built tensor by tensor with the raw GGUF writer in the converter's exact layout (its metadata keys in
    /// its order plus general.* keys it adds, F16 factors as with --outtype f16, and a 1-D norm tensor as mergekit
    /// adapters carry and the converter keeps)
    /// reads with the right names, shapes, alpha and element order.
    /// </summary>
    [Fact]
    public void Adapter_in_llama_cpp_converter_layout_reads_with_its_names_shapes_and_alpha()
    {
        using var temp = new TempDirectory();
        var path = temp.File("converted.gguf");
        const int Rank = 2;
        const int Inputs = 64;
        const int Outputs = 32;
        var a = Enumerable.Range(0, Rank * Inputs).Select(i => (Half)(i * 0.01f)).ToArray();
        var b = Enumerable.Range(0, Outputs * Rank).Select(i => (Half)(-i * 0.02f)).ToArray();
        using (var writer = GgufWriter.Create(path))
        {
            writer.AddString("general.architecture", "llama");
            writer.AddString("general.type", "adapter");
            writer.AddString("general.name", "Stories260K Lora");
            writer.AddUInt32("general.file_type", 1);
            writer.AddString("adapter.type", "lora");
            writer.AddFloat32("adapter.lora.alpha", 32f);
            writer.AddUInt32("general.quantization_version", 2);
            writer.AddTensor("blk.1.attn_k.weight.lora_a", GgmlType.F16, Inputs, Rank);
            writer.AddTensor("blk.1.attn_k.weight.lora_b", GgmlType.F16, Rank, Outputs);
            writer.AddTensor("blk.1.ffn_norm.weight", GgmlType.F32, 64);
            writer.WriteData(MemoryMarshal.AsBytes(a.AsSpan()));
            writer.WriteData(MemoryMarshal.AsBytes(b.AsSpan()));
            writer.WriteData(new byte[64 * sizeof(float)]);
            writer.Finish();
        }

        var adapter = LoraAdapter.Open(path);
        Assert.Equal((32f, "llama", 1), (adapter.Alpha, adapter.Architecture, adapter.IgnoredTensorCount));
        var info = Assert.Single(adapter.Tensors);
        Assert.Equal(new LoraTensorInfo("blk.1.attn_k.weight", Rank, Inputs, Outputs, GgmlType.F16), info);
        Assert.Equal(16f, adapter.Scale(1f, Rank));
        Assert.Equal(8f, adapter.Scale(0.5f, Rank));
        var pair = Assert.Single(adapter.ToWeights().Tensors);
        Assert.Equal(a.Select(v => (float)v), pair.A);
        Assert.Equal(b.Select(v => (float)v), pair.B);

        // ne [n_in=64, rank] and [rank, n_out=32]: it fits stories260K's attn_k (64 columns, 4 KV heads × 8 = 32 rows).
        using var model = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"), new ModelLoadOptions { Threads = 1 });
        adapter.CheckFits(model);
    }

    [Fact]
    public void Alpha_zero_or_absent_makes_the_scale_the_user_scale()
    {
        using var temp = new TempDirectory();
        var path = temp.File("noalpha.gguf");
        using (var writer = GgufWriter.Create(path))
        {
            writer.AddString("general.architecture", "llama");
            writer.AddString("general.type", "adapter");
            writer.AddString("adapter.type", "lora");
            writer.AddTensor("output.weight.lora_a", GgmlType.F32, 8, 2);
            writer.AddTensor("output.weight.lora_b", GgmlType.F32, 2, 4);
            writer.WriteData(new byte[(16 + 8) * sizeof(float)]);
            writer.Finish();
        }

        var adapter = LoraAdapter.Open(path);
        Assert.Equal(0f, adapter.Alpha);
        Assert.Equal(0.7f, adapter.Scale(0.7f, 2));
    }
}
