using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Lora;

/// <summary>Adapters that are broken or made for another base model fail with one clear error naming both files.</summary>
public sealed class LoraAdapterMismatchTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly LlamaModel _model = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"), new ModelLoadOptions { Threads = 1 });

    public void Dispose()
    {
        _model.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Wrong_shape_names_the_tensor_both_shapes_and_both_files()
    {
        // attn_q of stories260K is 64 → 64; factors for 64 → 48 do not fit.
        var path = Write("shape.gguf", new LoraWeights(8f, [TestAdapters.Pair("blk.0.attn_q.weight", 4, 64, 48, new Random(1), 0.1f)]));
        var error = Assert.Throws<ModelFileException>(() => LoraAdapter.Load(path, _model));
        Assert.Equal(path, error.FilePath);
        Assert.Contains(_model.FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("'blk.0.attn_q.weight' is [64, 64]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[64, 48]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapter_for_another_model_dimension_is_rejected_when_attached_to_a_session()
    {
        using var other = TestAdapters.SynthModel(_temp, dimension: 96, vocabulary: 512, GgmlType.F32);
        var path = Write("dims.gguf", TestAdapters.Random(other.Config, rank: 2, alpha: 4f, seed: 1));
        var adapter = LoraAdapter.Open(path);
        var session = _model.CreateSession(16);
        var error = Assert.Throws<ModelFileException>(() => session.SetAdapter(adapter));
        Assert.Contains($"{path}: does not fit base model {_model.FilePath}", error.Message, StringComparison.Ordinal);
        Assert.Null(session.Adapter);
    }

    [Fact]
    public void Adapter_of_another_vocabulary_names_the_vocabulary()
    {
        using var base600 = TestAdapters.SynthModel(_temp, dimension: 64, vocabulary: 600, GgmlType.F32);
        using var base512 = TestAdapters.SynthModel(_temp, dimension: 64, vocabulary: 512, GgmlType.F32, seed: 2);
        var path = Write("vocab.gguf", TestAdapters.Random(base600.Config, rank: 2, alpha: 4f, seed: 1, targets: [LoraTargets.Query]));
        var error = Assert.Throws<ModelFileException>(() => LoraAdapter.Load(path, base512));
        Assert.Contains("'output.weight' is [64, 512]", error.Message, StringComparison.Ordinal);
        Assert.Contains("vocabulary", error.Message, StringComparison.Ordinal);
        Assert.Contains(base512.FilePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_adapter_on_a_tied_output_model_says_the_output_is_tied()
    {
        var path = Write("tied.gguf", new LoraWeights(8f, [TestAdapters.Pair("output.weight", 2, 64, 512, new Random(1), 0.1f)]));
        // stories260K.bin (llama2.c) shares the classifier with the embedding table.
        using var tied = LlamaModel.Load(SharedPaths.Model("stories260K.bin"), new ModelLoadOptions { Threads = 1 });
        Assert.True(tied.Config.TiedOutput);
        var error = Assert.Throws<ModelFileException>(() => LoraAdapter.Load(path, tied));
        Assert.Contains("tied to token_embd.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_architecture_names_both_architectures()
    {
        var path = Write("arch.gguf", new LoraWeights(8f, [TestAdapters.Pair("blk.0.attn_q.weight", 4, 64, 64, new Random(1), 0.1f)], architecture: "qwen2"));
        var error = Assert.Throws<ModelFileException>(() => LoraAdapter.Load(path, _model));
        Assert.Contains("architecture 'qwen2' but the base model is 'llama'", error.Message, StringComparison.Ordinal);
        Assert.Contains(_model.FilePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layer_the_base_model_does_not_have_is_named()
    {
        var path = Write("layer.gguf", new LoraWeights(8f, [TestAdapters.Pair("blk.7.attn_q.weight", 4, 64, 64, new Random(1), 0.1f)]));
        var error = Assert.Throws<ModelFileException>(() => LoraAdapter.Load(path, _model));
        Assert.Contains("'blk.7.attn_q.weight', which the base model does not have (the base model has 5 blocks)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_lora_b_is_named()
    {
        var path = _temp.File("nob.gguf");
        using (var writer = GgufWriter.Create(path))
        {
            AdapterKeys(writer);
            writer.AddTensor("blk.0.attn_v.weight.lora_a", GgmlType.F32, 64, 4);
            writer.WriteData(new byte[64 * 4 * sizeof(float)]);
            writer.Finish();
        }

        var error = Assert.Throws<ModelFileException>(() => LoraAdapter.Open(path));
        Assert.Equal($"{path}: tensor 'blk.0.attn_v.weight.lora_b' is missing: 'blk.0.attn_v.weight' needs both a '.lora_a' and a '.lora_b' factor.", error.Message);
    }

    [Fact]
    public void Untransposed_lora_a_is_named_as_llama_cpp_names_it()
    {
        var path = _temp.File("untransposed.gguf");
        using (var writer = GgufWriter.Create(path))
        {
            AdapterKeys(writer);
            writer.AddTensor("blk.0.attn_v.weight.lora_a", GgmlType.F32, 4, 64);
            writer.AddTensor("blk.0.attn_v.weight.lora_b", GgmlType.F32, 4, 32);
            writer.WriteData(new byte[((4 * 64) + (4 * 32)) * sizeof(float)]);
            writer.Finish();
        }

        var error = Assert.Throws<ModelFileException>(() => LoraAdapter.Open(path));
        Assert.Contains("lora_a is not transposed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_base_model_passed_as_adapter_is_called_a_model_file()
    {
        var error = Assert.Throws<ModelFileException>(() => LoraAdapter.Open(_model.FilePath));
        Assert.Contains("is not a LoRA adapter: 'general.type' is missing, expected 'adapter'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_factor_and_non_lora_adapter_type_are_rejected()
    {
        var pair = TestAdapters.Pair("blk.0.attn_q.weight", 2, 64, 64, new Random(1), 0.1f);
        pair.B[5] = float.NaN;
        var nan = Write("nan.gguf", new LoraWeights(8f, [pair]));
        Assert.Contains("holds NaN at element 5", Assert.Throws<ModelFileException>(() => LoraAdapter.Open(nan)).Message, StringComparison.Ordinal);

        var path = _temp.File("cvec.gguf");
        using (var writer = GgufWriter.Create(path))
        {
            writer.AddString("general.architecture", "llama");
            writer.AddString("general.type", "adapter");
            writer.AddString("adapter.type", "cvec");
            writer.Finish();
        }

        Assert.Contains("'adapter.type' is 'cvec'; only 'lora'", Assert.Throws<ModelFileException>(() => LoraAdapter.Open(path)).Message, StringComparison.Ordinal);
    }

    private static void AdapterKeys(GgufWriter writer)
    {
        writer.AddString("general.architecture", "llama");
        writer.AddString("general.type", "adapter");
        writer.AddString("adapter.type", "lora");
        writer.AddFloat32("adapter.lora.alpha", 8f);
    }

    private string Write(string name, LoraWeights weights)
    {
        var path = _temp.File(name);
        LoraAdapterWriter.Write(path, weights);
        return path;
    }
}
