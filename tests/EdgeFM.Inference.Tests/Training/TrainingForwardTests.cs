using EdgeFM.Core.Randomness;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Training;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Training;

public sealed class TrainingForwardTests
{
    private static readonly int[] Tokens = [1, 40, 7, 255, 130, 64, 3, 18, 201, 99, 12, 250, 77, 5, 160, 33, 90, 2, 44, 180];

    /// <summary>
    /// With a fresh adapter (B = 0) the training forward pass is the base model: its logits at every position equal the
    /// inference session's decode logits (GQA model, head dimension 8). Only the float32 summation order differs
    /// (GEMM in training, mat-vec in decode), so they agree to 1e-5 of the logit range.
    /// </summary>
    [Fact]
    public void Fresh_adapter_logits_equal_the_inference_runtime()
    {
        using var directory = new TempDirectory();
        using var model = TinyModels.Load(TinyModels.Write(directory.Path, dimension: 32));
        var adapter = new LoraParameters(model.Config, 4, 8f, TrainingTargets.All);
        adapter.Initialize(new Xoshiro256(3));
        var training = new LoraTrainingModel(model, adapter).ComputeLogits(Tokens);
        AssertMatchesDecode(model, training, 1e-5);
    }

    /// <summary>
    /// A random non-zero adapter applied unmerged by the training pass gives the logits of the base model with the
    /// adapter merged into its weights (W + α/r · B·A, written as a new GGUF file) run by the inference runtime.
    /// </summary>
    [Fact]
    public void Unmerged_adapter_logits_equal_the_merged_model_in_the_inference_runtime()
    {
        using var directory = new TempDirectory();
        var basePath = TinyModels.Write(directory.Path, dimension: 32);
        using var model = TinyModels.Load(basePath);
        var adapter = TinyModels.RandomAdapter(model.Config, rank: 3, alpha: 6f, scale: 0.2f);
        var training = new LoraTrainingModel(model, adapter).ComputeLogits(Tokens);

        var mergedPath = Path.Combine(directory.Path, "merged.gguf");
        MergedModel.Write(basePath, adapter, mergedPath);
        using var merged = TinyModels.Load(mergedPath);
        AssertMatchesDecode(merged, training, 1e-4);

        var baseLogits = new LoraTrainingModel(model, new LoraParameters(model.Config, 3, 6f, TrainingTargets.All)).ComputeLogits(Tokens);
        Assert.True(MaxDifference(baseLogits, training) > 0.1, "the adapter should change the logits, or the comparison proves nothing");
    }

    /// <summary>
    /// The adapter saved in the GGUF LoRA format and applied unmerged by the inference runtime
    /// (<see cref="EdgeFM.Inference.Generation.InferenceSession.SetAdapter"/>) gives the training forward pass's logits at every position.
    /// </summary>
    [Fact]
    public void Saved_adapter_applied_by_the_runtime_gives_the_training_logits()
    {
        using var directory = new TempDirectory();
        using var model = TinyModels.Load(TinyModels.Write(directory.Path, dimension: 32));
        var adapter = TinyModels.RandomAdapter(model.Config, rank: 3, alpha: 6f, scale: 0.2f);
        var training = new LoraTrainingModel(model, adapter).ComputeLogits(Tokens);
        var path = directory.File("adapter.gguf");
        adapter.Save(path);
        AssertMatchesDecode(model, training, 1e-4, EdgeFM.Inference.Lora.LoraAdapter.Open(path));
    }

    /// <summary>
    /// A quantized base (Q8_0, Q4_0) is dequantized block by block in training and multiplied in float32: its logits
    /// equal the inference runtime's on a float32 copy of the dequantized weights (the runtime's own decode of the
    /// quantized file rounds activations to 8 bits, which training must not do).
    /// </summary>
    [Theory]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.Q4_0)]
    public void Quantized_base_logits_equal_the_runtime_on_the_dequantized_weights(GgmlType type)
    {
        using var directory = new TempDirectory();
        var path = TinyModels.Write(directory.Path, type, dimension: 32, feedForward: 64);
        using var model = TinyModels.Load(path);
        var adapter = new LoraParameters(model.Config, 2, 4f, [LoraTarget.Query, LoraTarget.Down]);
        var training = new LoraTrainingModel(model, adapter).ComputeLogits(Tokens);

        var dequantized = Path.Combine(directory.Path, "dequantized.gguf");
        MergedModel.Write(path, adapter, dequantized);
        using var reference = TinyModels.Load(dequantized);
        AssertMatchesDecode(reference, training, 1e-5);
    }

    private static void AssertMatchesDecode(LlamaModel model, float[] training, double relative, EdgeFM.Inference.Lora.LoraAdapter? adapter = null)
    {
        var vocabulary = model.Config.VocabularySize;
        var session = model.CreateSession();
        session.SetAdapter(adapter);
        double range = 0;
        double worst = 0;
        for (var i = 0; i < Tokens.Length; i++)
        {
            var logits = session.Decode(Tokens[i]);
            for (var v = 0; v < vocabulary; v++)
            {
                range = Math.Max(range, Math.Abs(logits[v]));
                worst = Math.Max(worst, Math.Abs(logits[v] - training[(i * vocabulary) + v]));
            }
        }

        Assert.True(range > 0.5, $"logits are too small ({range}) to compare");
        Assert.True(worst <= relative * range, $"max |training − inference| = {worst:E3} over logits up to {range:F3}");
    }

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
}
