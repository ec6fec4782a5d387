using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Models;

public sealed partial class LlamaModel
{
    private static LlamaModel LoadGguf(string path, ModelLoadOptions options)
    {
        var file = GgufFile.Open(path);
        ModelWeights? weights = null;
        try
        {
            var architecture = file.Architecture
                ?? throw new ModelFileException(path, "metadata key 'general.architecture' is missing; cannot tell which model this is.");
            if (!string.Equals(architecture, "llama", StringComparison.Ordinal))
            {
                throw new ModelFileException(path, $"architecture '{architecture}' is not supported (supported: llama).");
            }

            var config = ReadGgufConfig(file);
            config = EffectiveContext(options, config.ContextLength, path) is { } context ? config with { ContextLength = context } : config;
            weights = ReadGgufWeights(file, config, options.RepackWeights && MatMul.CanRepack);
            var tokenizer = LoadGgufTokenizer(file, options, config);
            return new LlamaModel(path, file.FileLength, ModelFormat.Gguf, file, config, weights, options.Threads)
            {
                Tokenizer = tokenizer,
                KvCacheType = options.KvCacheType,
                BosTokenId = SpecialToken(file, "tokenizer.ggml.bos_token_id", config.VocabularySize),
                EosTokenId = SpecialToken(file, "tokenizer.ggml.eos_token_id", config.VocabularySize),
                ChatTemplate = file.TryGet("tokenizer.chat_template", out var template) ? template.Value as string : null,
            };
        }
        catch
        {
            weights?.Repacked?.Dispose();
            file.Dispose();
            throw;
        }
    }

    private static LlamaConfig ReadGgufConfig(GgufFile file)
    {
        var dimension = Int(file, "llama.embedding_length", null);
        var heads = Int(file, "llama.attention.head_count", null);
        if (heads <= 0)
        {
            throw new ModelFileException(file.FilePath, $"metadata key 'llama.attention.head_count' is {heads}; the file is corrupted.");
        }

        var headDimension = Int(file, "llama.attention.key_length", dimension / heads);
        var embedding = file.GetTensor("token_embd.weight");
        var vocabulary = embedding.Dimensions.Count == 2 && embedding.Dimensions[1] <= int.MaxValue
            ? (int)embedding.Dimensions[1]
            : throw new ModelFileException(file.FilePath, $"tensor 'token_embd.weight' has shape [{string.Join(", ", embedding.Dimensions)}], expected [embedding, vocabulary].");
        var config = new LlamaConfig
        {
            Dimension = dimension,
            Layers = Int(file, "llama.block_count", null),
            Heads = heads,
            KvHeads = Int(file, "llama.attention.head_count_kv", heads),
            HeadDimension = headDimension,
            FeedForwardDimension = Int(file, "llama.feed_forward_length", null),
            VocabularySize = vocabulary,
            ContextLength = Int(file, "llama.context_length", 2048),
            RopeBase = (float)file.GetDoubleOrDefault("llama.rope.freq_base", 10_000),
            RopeDimensions = Int(file, "llama.rope.dimension_count", headDimension),
            NormEpsilon = (float)file.GetDoubleOrDefault("llama.attention.layer_norm_rms_epsilon", 1e-5),
            TiedOutput = !file.TryGetTensor("output.weight", out _),
        };
        config.Validate(file.FilePath);
        return config;
    }

    private static int SpecialToken(GgufFile file, string key, int vocabularySize)
    {
        var id = file.GetInt64OrDefault(key, -1);
        return id >= 0 && id < vocabularySize ? (int)id : -1;
    }

    private static int Int(GgufFile file, string key, int? fallback)
    {
        var value = fallback is { } f ? file.GetInt64OrDefault(key, f) : file.GetInt64(key);
        return value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new ModelFileException(file.FilePath, $"metadata key '{key}' is {value}, out of range; the file is corrupted.");
    }

    private static unsafe ModelWeights ReadGgufWeights(GgufFile file, LlamaConfig config, bool repack)
    {
        var tensors = new List<ModelTensor>();
        var repacked = repack ? new RepackedWeights() : null;
        using var handle = repack ? File.OpenHandle(file.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read) : null;
        var layers = new LayerWeights[config.Layers];
        try
        {
            return Read();
        }
        catch
        {
            repacked?.Dispose();
            throw;
        }

        ModelWeights Read()
        {
            // The token table is read a row at a time (and, when tied, is also the output matrix) so it stays row-major.
            var embedding = Matrix("token_embd.weight", config.VocabularySize, config.Dimension, mayRepack: false);
            for (var l = 0; l < layers.Length; l++)
            {
                var p = $"blk.{l}.";
                layers[l] = new LayerWeights
                {
                    AttentionNorm = Vector(p + "attn_norm.weight", config.Dimension),
                    Query = Matrix(p + "attn_q.weight", config.QueryDimension, config.Dimension),
                    Key = Matrix(p + "attn_k.weight", config.KvDimension, config.Dimension),
                    Value = Matrix(p + "attn_v.weight", config.KvDimension, config.Dimension),
                    AttentionOutput = Matrix(p + "attn_output.weight", config.Dimension, config.QueryDimension),
                    FeedForwardNorm = Vector(p + "ffn_norm.weight", config.Dimension),
                    Gate = Matrix(p + "ffn_gate.weight", config.FeedForwardDimension, config.Dimension),
                    Up = Matrix(p + "ffn_up.weight", config.FeedForwardDimension, config.Dimension),
                    Down = Matrix(p + "ffn_down.weight", config.Dimension, config.FeedForwardDimension),
                };
            }

            var outputNorm = Vector("output_norm.weight", config.Dimension);
            var output = config.TiedOutput ? embedding : Matrix("output.weight", config.VocabularySize, config.Dimension);
            return new ModelWeights
            {
                TokenEmbedding = embedding,
                TokenEmbeddingFileOffset = file.GetTensor("token_embd.weight").Offset,
                Layers = layers,
                OutputNorm = outputNorm,
                Output = output,
                Tensors = tensors,
                Repacked = repacked,
            };
        }

        GgufTensorInfo Tensor(string name, long[] expected)
        {
            var tensor = file.GetTensor(name);
            if (!tensor.Dimensions.SequenceEqual(expected))
            {
                throw new ModelFileException(file.FilePath,
                    $"tensor '{name}' has shape [{string.Join(", ", tensor.Dimensions)}], expected [{string.Join(", ", expected)}] from the metadata; the file is inconsistent.");
            }

            RequireSupported(file.FilePath, name, tensor.Type);
            tensors.Add(new ModelTensor(name, tensor.Type, tensor.Dimensions, tensor.ByteSize));
            return tensor;
        }

        WeightMatrix Matrix(string name, int rows, int columns, bool mayRepack = true)
        {
            var tensor = Tensor(name, [columns, rows]);
            if (mayRepack && handle is not null && repacked is not null && tensor.Type == GgmlType.Q4_0
                && repacked.RepackQ4_0(handle, file.FilePath, name, tensor.Offset, rows, columns) is { } copy)
            {
                return copy;
            }

            return new WeightMatrix(file.GetTensorPointer(tensor), tensor.Type, rows, columns);
        }

        float[] Vector(string name, int length)
        {
            var tensor = Tensor(name, [length]);
            var values = new float[length];
            Dequantize.Row(tensor.Type, file.GetTensorData(tensor), values);
            return values;
        }
    }

    private static void RequireSupported(string path, string tensorName, GgmlType type)
    {
        if (!SupportedTensorTypes.Contains(type))
        {
            throw new ModelFileException(path,
                $"tensor '{tensorName}' has type {type}, which is not supported (supported: {string.Join(", ", SupportedTensorTypes)}); re-quantize the model to one of these.");
        }
    }
}
