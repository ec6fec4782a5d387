using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Synthesis;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Lora;

/// <summary>Models for the LoRA tests.</summary>
internal static class LoraTestModels
{
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
