using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Tokenization;

namespace EdgeFM.Inference.Models;

public sealed partial class LlamaModel
{
    private static ITokenizer? LoadGgufTokenizer(GgufFile file, ModelLoadOptions options, LlamaConfig config)
    {
        _ = file;
        _ = options;
        _ = config;
        return null;
    }

    private static ITokenizer? LoadLlama2cTokenizer(string modelPath, ModelLoadOptions options, LlamaConfig config)
    {
        _ = modelPath;
        _ = options;
        _ = config;
        return null;
    }
}
