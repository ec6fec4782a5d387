using System.Runtime.InteropServices;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Models;

public sealed partial class LlamaModel
{
    private const int Llama2cHeaderBytes = 7 * sizeof(int);

    private static LlamaModel LoadLlama2c(string path, ModelLoadOptions options)
    {
        var file = MappedFile.Open(path);
        try
        {
            var config = ReadLlama2cConfig(file);
            var weights = ReadLlama2cWeights(file, config);
            config = EffectiveContext(options, config.ContextLength, path) is { } context ? config with { ContextLength = context } : config;
            var tokenizer = LoadLlama2cTokenizer(path, options, config);
            return new LlamaModel(path, file.Length, ModelFormat.Llama2c, file, config, weights, options.Threads) { Tokenizer = tokenizer, BosTokenId = 1, EosTokenId = 2, KvCacheType = options.KvCacheType };
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static unsafe LlamaConfig ReadLlama2cConfig(MappedFile file)
    {
        if (file.Length < Llama2cHeaderBytes)
        {
            throw new ModelFileException(file.FilePath,
                $"file is {file.Length} bytes, too short for a llama2.c checkpoint header ({Llama2cHeaderBytes} bytes); it is truncated or not a model file.");
        }

        var header = new ReadOnlySpan<int>(file.Pointer, 7);
        var dimension = header[0];
        var heads = header[3];
        var config = new LlamaConfig
        {
            Dimension = dimension,
            FeedForwardDimension = header[1],
            Layers = header[2],
            Heads = heads,
            KvHeads = header[4],
            VocabularySize = header[5] == int.MinValue ? 0 : Math.Abs(header[5]),
            ContextLength = header[6],
            HeadDimension = heads > 0 ? dimension / heads : 0,
            RopeDimensions = heads > 0 ? dimension / heads : 0,
            TiedOutput = header[5] > 0,
        };
        if (heads <= 0 || dimension % heads != 0)
        {
            throw new ModelFileException(file.FilePath,
                $"header gives dim {dimension} and {heads} heads, which do not divide; the file is corrupted or not a llama2.c checkpoint.");
        }

        config.Validate(file.FilePath);
        return config;
    }

    private static unsafe ModelWeights ReadLlama2cWeights(MappedFile file, LlamaConfig c)
    {
        long dim = c.Dimension, layers = c.Layers, kv = c.KvDimension, ffn = c.FeedForwardDimension, vocab = c.VocabularySize;
        var headDimension = c.HeadDimension;
        long expectedFloats = checked((vocab * dim) + (layers * dim * 2) + (layers * dim * dim * 2) + (layers * dim * kv * 2)
            + (layers * dim * ffn * 3) + dim + ((long)c.ContextLength * headDimension) + (c.TiedOutput ? 0 : vocab * dim));
        var expectedBytes = checked(Llama2cHeaderBytes + (expectedFloats * sizeof(float)));
        if (file.Length != expectedBytes)
        {
            var problem = file.Length < expectedBytes ? "the file is truncated" : "the file is corrupted or not a llama2.c checkpoint";
            throw new ModelFileException(file.FilePath,
                $"file is {file.Length} bytes but its header (dim {dim}, {layers} layers, vocabulary {vocab}, context {c.ContextLength}) implies {expectedBytes}; {problem}.");
        }

        var tensors = new List<ModelTensor>();
        var cursor = file.Pointer + Llama2cHeaderBytes;
        var embedding = NextMatrix("token_embd.weight", c.VocabularySize, c.Dimension, 1);
        var attentionNorms = NextVectors("attn_norm.weight", c.Dimension);
        var query = NextMatrix("attn_q.weight", c.QueryDimension, c.Dimension, c.Layers);
        var key = NextMatrix("attn_k.weight", c.KvDimension, c.Dimension, c.Layers);
        var value = NextMatrix("attn_v.weight", c.KvDimension, c.Dimension, c.Layers);
        var attentionOutput = NextMatrix("attn_output.weight", c.Dimension, c.QueryDimension, c.Layers);
        var ffnNorms = NextVectors("ffn_norm.weight", c.Dimension);
        var gate = NextMatrix("ffn_gate.weight", c.FeedForwardDimension, c.Dimension, c.Layers);
        var down = NextMatrix("ffn_down.weight", c.Dimension, c.FeedForwardDimension, c.Layers);
        var up = NextMatrix("ffn_up.weight", c.FeedForwardDimension, c.Dimension, c.Layers);
        var outputNorm = new ReadOnlySpan<float>(cursor, c.Dimension).ToArray();
        tensors.Add(new ModelTensor("output_norm.weight", GgmlType.F32, [dim], dim * sizeof(float)));
        cursor += (dim + ((long)c.ContextLength * headDimension)) * sizeof(float); // skips llama2.c's unused RoPE tables
        var output = c.TiedOutput ? embedding[0] : NextMatrix("output.weight", c.VocabularySize, c.Dimension, 1)[0];

        var layerWeights = new LayerWeights[c.Layers];
        for (var l = 0; l < layerWeights.Length; l++)
        {
            layerWeights[l] = new LayerWeights
            {
                AttentionNorm = attentionNorms[l],
                Query = query[l],
                Key = key[l],
                Value = value[l],
                AttentionOutput = attentionOutput[l],
                FeedForwardNorm = ffnNorms[l],
                Gate = gate[l],
                Up = up[l],
                Down = down[l],
            };
        }

        return new ModelWeights { TokenEmbedding = embedding[0], TokenEmbeddingFileOffset = embedding[0].Data - file.Pointer, Layers = layerWeights, OutputNorm = outputNorm, Output = output, Tensors = tensors };

        WeightMatrix[] NextMatrix(string name, int rows, int columns, int count)
        {
            var result = new WeightMatrix[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = new WeightMatrix(cursor, GgmlType.F32, rows, columns);
                tensors.Add(new ModelTensor(count == 1 ? name : $"blk.{i}.{name}", GgmlType.F32, [columns, rows], (long)rows * columns * sizeof(float)));
                cursor += (long)rows * columns * sizeof(float);
            }

            return result;
        }

        float[][] NextVectors(string name, int length)
        {
            var result = new float[c.Layers][];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = MemoryMarshal.Cast<byte, float>(new ReadOnlySpan<byte>(cursor, length * sizeof(float))).ToArray();
                tensors.Add(new ModelTensor($"blk.{i}.{name}", GgmlType.F32, [length], (long)length * sizeof(float)));
                cursor += (long)length * sizeof(float);
            }

            return result;
        }
    }
}
