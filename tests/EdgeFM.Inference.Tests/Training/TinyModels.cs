using EdgeFM.Core.Randomness;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Synthesis;
using EdgeFM.Inference.Training;

namespace EdgeFM.Inference.Tests.Training;

/// <summary>Tiny random models and adapters for the training tests.</summary>
internal static class TinyModels
{
    /// <summary>
    /// Writes a 2-layer model with grouped-query attention (4 query heads over 2 KV heads, head dimension 4), a separate
    /// output matrix and weights large enough (σ = 0.3) that every non-linearity is exercised.
    /// </summary>
    public static string Write(string directory, GgmlType type = GgmlType.F32, int dimension = 16, int feedForward = 24, bool separateOutput = true)
    {
        var path = Path.Combine(directory, $"tiny-{type}-{dimension}.gguf");
        SyntheticModel.Write(
            new SyntheticModelOptions
            {
                Dimension = dimension,
                Layers = 2,
                Heads = 4,
                KvHeads = 2,
                FeedForward = feedForward,
                Vocabulary = 259,
                ContextLength = 64,
                Type = type,
                WeightStdDev = 0.3f,
                SeparateOutput = separateOutput,
                Seed = 5,
            },
            path);
        return path;
    }

    public static LlamaModel Load(string path) =>
        LlamaModel.Load(path, new ModelLoadOptions { RepackWeights = false, Threads = 2 });

    /// <summary>An adapter of every target whose A and B are both random (so every gradient is non-zero).</summary>
    public static LoraParameters RandomAdapter(LlamaConfig config, int rank = 2, float alpha = 3f, int seed = 9, float scale = 0.3f)
    {
        var adapter = new LoraParameters(config, rank, alpha, TrainingTargets.All);
        var random = new Xoshiro256(seed);
        for (var i = 0; i < adapter.Parameters.Length; i++)
        {
            adapter.Parameters[i] = (float)(((2 * random.NextDouble()) - 1) * scale);
        }

        return adapter;
    }

    /// <summary>Two sequences of different lengths; the second counts only its last three predictions.</summary>
    public static TrainingSequence[] Batch() =>
    [
        new([1, 17, 200, 45, 3, 99, 120], 1),
        new([1, 250, 8, 31, 64, 77, 2, 140, 5], 6),
    ];
}
