using LLama;
using LLama.Common;
using LLama.Native;

namespace EdgeFM.Peers.Tests.LlamaCpp;

/// <summary>
/// A model file opened in llama.cpp through LLamaSharp, on the CPU, with a float32 KV cache (EdgeFM's default) so
/// that the cache's precision is not one of the differences.
/// </summary>
internal sealed class LlamaCppModel : IDisposable
{
    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;

    private LlamaCppModel(LLamaWeights weights, LLamaContext context)
    {
        _weights = weights;
        _context = context;
    }

    public int VocabularySize => _context.Vocab.Count;

    public static LlamaCppModel Open(string path, int threads = 2)
    {
        var parameters = new ModelParams(path)
        {
            ContextSize = 128,
            BatchSize = 128,
            UBatchSize = 128,
            GpuLayerCount = 0,
            Threads = threads,
            BatchThreads = threads,
            TypeK = GGMLType.GGML_TYPE_F32,
            TypeV = GGMLType.GGML_TYPE_F32,
            FlashAttention = false,
        };
        var weights = LLamaWeights.LoadFromFile(parameters);
        return new LlamaCppModel(weights, weights.CreateContext(parameters));
    }

    /// <summary>Runs <paramref name="tokens"/> as one batch from position 0 and returns the logits after each.</summary>
    public float[][] LogitsOfEveryPosition(ReadOnlySpan<int> tokens)
    {
        _context.NativeHandle.MemoryClear(true);
        var batch = new LLamaBatch();
        for (var i = 0; i < tokens.Length; i++)
        {
            batch.Add(tokens[i], i, LLamaSeqId.Zero, logits: true);
        }

        Check(_context.NativeHandle.Decode(batch));
        var result = new float[tokens.Length][];
        for (var i = 0; i < tokens.Length; i++)
        {
            result[i] = _context.NativeHandle.GetLogitsIth(i).ToArray();
        }

        return result;
    }

    /// <summary>
    /// After <see cref="LogitsOfEveryPosition"/> of <paramref name="prompt"/>, feeds <paramref name="steps"/> tokens one
    /// at a time, each the argmax of the logits before it, and returns them with the logits each was chosen from.
    /// </summary>
    public (int[] Tokens, float[][] Logits) Greedy(ReadOnlySpan<int> prompt, int steps)
    {
        var logits = LogitsOfEveryPosition(prompt)[^1];
        var tokens = new int[steps];
        var chosenFrom = new float[steps][];
        var batch = new LLamaBatch();
        for (var i = 0; i < steps; i++)
        {
            chosenFrom[i] = logits;
            tokens[i] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax<float>(logits);
            batch.Clear();
            batch.Add(tokens[i], prompt.Length + i, LLamaSeqId.Zero, logits: true);
            Check(_context.NativeHandle.Decode(batch));
            logits = _context.NativeHandle.GetLogitsIth(0).ToArray();
        }

        return (tokens, chosenFrom);
    }

    public void Dispose()
    {
        _context.Dispose();
        _weights.Dispose();
    }

    private static void Check(DecodeResult result)
    {
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama.cpp's decode failed: {result}.");
        }
    }
}
