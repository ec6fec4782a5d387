using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;

namespace EdgeFM.Inference.Synthesis;

/// <summary>
/// Random-weight LoRA adapters shaped for a model, for tests and speed measurements (speed does not depend on the
/// values). Deterministic per seed.
/// </summary>
public static class SyntheticAdapter
{
    /// <summary>
    /// One pair per block target in <paramref name="targets"/> (default all of <see cref="LoraTargets.BlockTargets"/>)
    /// of every block, plus <c>output.weight</c> when the model has a separate one and <paramref name="includeOutput"/>.
    /// A is normal with standard deviation 1/√n_in (so A·x has the scale of x) and B normal with
    /// <paramref name="bStdDev"/>; unlike a freshly initialized LoRA (B = 0) the adapter changes the model's outputs.
    /// </summary>
    public static LoraWeights Create(LlamaConfig config, int rank, float alpha, int seed, float bStdDev = 0.05f, bool includeOutput = true, IReadOnlyList<string>? targets = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        var random = new Random(seed);
        var pairs = new List<LoraTensorPair>();
        for (var l = 0; l < config.Layers; l++)
        {
            foreach (var target in targets ?? LoraTargets.BlockTargets)
            {
                var (inputs, outputs) = LoraTargets.Shape(config, target);
                pairs.Add(Pair(LoraTargets.TensorName(l, target), rank, inputs, outputs, random, bStdDev));
            }
        }

        if (includeOutput && !config.TiedOutput)
        {
            pairs.Add(Pair(LoraTargets.OutputTensorName, rank, config.Dimension, config.VocabularySize, random, bStdDev));
        }

        return new LoraWeights(alpha, pairs);
    }

    /// <summary>One random pair of <paramref name="rank"/> for an n_out × n_in matrix named <paramref name="targetName"/>.</summary>
    public static LoraTensorPair Pair(string targetName, int rank, int inputs, int outputs, Random random, float bStdDev)
    {
        ArgumentNullException.ThrowIfNull(random);
        var a = new float[rank * inputs];
        var b = new float[outputs * rank];
        SyntheticModel.FillNormal(random, a, 1f / MathF.Sqrt(inputs));
        SyntheticModel.FillNormal(random, b, bStdDev);
        return new LoraTensorPair(targetName, rank, inputs, outputs, a, b);
    }
}
