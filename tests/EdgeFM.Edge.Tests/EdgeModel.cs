using EdgeFM.Inference.Models;
using EdgeFM.TestSupport;

namespace EdgeFM.Edge.Tests;

/// <summary>The shared stories260K model (real weights, 512-token context), loaded once for all tests.</summary>
internal static class EdgeModel
{
    private static readonly Lazy<LlamaModel> ModelLazy = new(() => LlamaModel.Load(SharedPaths.Model("stories260K.gguf")));

    public static LlamaModel Stories260K => ModelLazy.Value;
}
