using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Synthesis;
using EdgeFM.TestSupport;

namespace EdgeFM.Cli.Tests;

/// <summary>A small random LoRA adapter (rank 4, alpha 8, seed 9) for the shared stories260K.gguf, written by the project's writer.</summary>
internal static class TestAdapter
{
    public static string Gguf => SharedPaths.Model("stories260K.gguf");

    /// <summary>Writes the adapter to <paramref name="path"/> and returns the path.</summary>
    public static string Write(string path)
    {
        using var model = LlamaModel.Load(Gguf, new ModelLoadOptions { Threads = 1, LoadTokenizer = false });
        LoraAdapterWriter.Write(path, SyntheticAdapter.Create(model.Config, rank: 4, alpha: 8f, seed: 9));
        return path;
    }
}
