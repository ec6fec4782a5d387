using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Tokenization;

namespace EdgeFM.Inference.Models;

public sealed partial class LlamaModel
{
    /// <summary>None when the options say so, else the GGUF file's own vocabulary, else an explicitly given tokenizer file (llama2.c or GGUF), else none.</summary>
    private static ITokenizer? LoadGgufTokenizer(GgufFile file, ModelLoadOptions options, LlamaConfig config)
    {
        if (!options.LoadTokenizer)
        {
            return null;
        }

        if (file.TryGet("tokenizer.ggml.model", out _))
        {
            return Matching(TokenizerLoader.FromGguf(file), file.FilePath, file.FilePath, config);
        }

        return options.TokenizerPath is { } path ? Matching(TokenizerLoader.FromFile(path), path, file.FilePath, config) : null;
    }

    /// <summary>None when the options say so, else the given tokenizer file (llama2.c or GGUF), else <c>tokenizer.bin</c> beside the checkpoint, else none.</summary>
    private static ITokenizer? LoadLlama2cTokenizer(string modelPath, ModelLoadOptions options, LlamaConfig config)
    {
        if (!options.LoadTokenizer)
        {
            return null;
        }

        var path = options.TokenizerPath;
        if (path is null)
        {
            var besideModel = Path.Combine(Path.GetDirectoryName(modelPath) ?? ".", TokenizerLoader.DefaultLlama2cTokenizerFileName);
            if (!File.Exists(besideModel))
            {
                return null;
            }

            path = besideModel;
        }

        return Matching(TokenizerLoader.FromFile(path), path, modelPath, config);
    }

    private static ITokenizer Matching(ITokenizer tokenizer, string tokenizerPath, string modelPath, LlamaConfig config)
    {
        if (tokenizer.VocabularySize != config.VocabularySize)
        {
            throw new ModelFileException(Path.GetFullPath(tokenizerPath),
                $"tokenizer has {tokenizer.VocabularySize} tokens but the model {modelPath} has a vocabulary of {config.VocabularySize}; use the tokenizer the model was trained with.");
        }

        return tokenizer;
    }
}
