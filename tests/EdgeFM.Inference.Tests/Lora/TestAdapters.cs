using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Synthesis;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Lora;

/// <summary>Random LoRA adapters shaped for a model, deterministic per seed.</summary>
internal static class TestAdapters
{
    /// <summary>
    /// Every block target (and <c>output.weight</c> when the model has one and <paramref name="includeOutput"/>) with
    /// normal factors: A of std 1/√n_in and B of std <paramref name="bStdDev"/>, large enough to change the logits clearly.
    /// </summary>
    public static LoraWeights Random(LlamaConfig config, int rank, float alpha, int seed, float bStdDev = 0.05f, bool includeOutput = true, IReadOnlyList<string>? targets = null)
    {
        var random = new Random(seed);
        var pairs = new List<LoraTensorPair>();
        for (var l = 0; l < config.Layers; l++)
        {
            foreach (var target in targets ?? LoraTargets.BlockTargets)
            {
                var (inputs, outputs) = Shape(config, target);
                pairs.Add(Pair(LoraTargets.TensorName(l, target), rank, inputs, outputs, random, bStdDev));
            }
        }

        if (includeOutput && !config.TiedOutput)
        {
            pairs.Add(Pair(LoraTargets.OutputTensorName, rank, config.Dimension, config.VocabularySize, random, bStdDev));
        }

        return new LoraWeights(alpha, pairs);
    }

    public static (int Inputs, int Outputs) Shape(LlamaConfig config, string target) => target switch
    {
        LoraTargets.Query => (config.Dimension, config.QueryDimension),
        LoraTargets.Key or LoraTargets.Value => (config.Dimension, config.KvDimension),
        LoraTargets.AttentionOutput => (config.QueryDimension, config.Dimension),
        LoraTargets.Gate or LoraTargets.Up => (config.Dimension, config.FeedForwardDimension),
        LoraTargets.Down => (config.FeedForwardDimension, config.Dimension),
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Not a block target."),
    };

    public static LoraTensorPair Pair(string name, int rank, int inputs, int outputs, Random random, float bStdDev)
    {
        var a = Normal(random, rank * inputs, 1f / MathF.Sqrt(inputs));
        var b = Normal(random, outputs * rank, bStdDev);
        return new LoraTensorPair(name, rank, inputs, outputs, a, b);
    }

    private static float[] Normal(Random random, int count, float stdDev)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            // Box-Muller.
            var u = 1.0 - random.NextDouble();
            var v = random.NextDouble();
            values[i] = (float)(stdDev * Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
        }

        return values;
    }

    /// <summary>A random-weight model of 2 blocks with grouped-query attention (4 heads, 2 KV heads) and a separate output matrix.</summary>
    public static LlamaModel SynthModel(TempDirectory temp, int dimension, int vocabulary, GgmlType type, int seed = 1, bool repack = true)
    {
        var path = temp.File($"synth-{dimension}-{vocabulary}-{type}-{seed}.gguf");
        if (!File.Exists(path))
        {
            SyntheticModel.Write(new SyntheticModelOptions { Dimension = dimension, Layers = 2, Heads = 4, KvHeads = 2, FeedForward = 96, Vocabulary = vocabulary, Type = type, ContextLength = 64, Seed = seed }, path);
        }

        return LlamaModel.Load(path, new ModelLoadOptions { Threads = 1, RepackWeights = repack });
    }
}
