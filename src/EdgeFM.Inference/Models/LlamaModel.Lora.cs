using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;
using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Training;

namespace EdgeFM.Inference.Models;

public sealed partial class LlamaModel
{
    /// <summary>
    /// A model whose adapted matrices are <c>W + scale · B·A</c> (<c>scale = <paramref name="scale"/> · alpha / rank</c>)
    /// as private float32 copies, so its sessions run at base speed with no adapter term. The other matrices, the
    /// tokenizer and the compute pool are this model's (shared, not copied): dispose the merged model before this one.
    /// Costs 4 bytes per element of every adapted matrix; for many adapters over one base, attach them to sessions
    /// unmerged instead (<see cref="Generation.InferenceSession.SetAdapter"/>).
    /// </summary>
    /// <exception cref="ModelFileException">The adapter does not fit this model (the message names both files).</exception>
    public LlamaModel MergeAdapter(LoraAdapter adapter, float scale = 1f)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!float.IsFinite(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The adapter scale must be a finite number.");
        }

        var binding = adapter.Bind(this);
        var memory = new RepackedWeights();
        try
        {
            var merged = new Dictionary<string, WeightMatrix>(StringComparer.Ordinal);
            var layers = new LayerWeights[Config.Layers];
            for (var l = 0; l < layers.Length; l++)
            {
                var layer = Weights.Layers[l];
                layers[l] = new LayerWeights
                {
                    AttentionNorm = layer.AttentionNorm,
                    Query = Merge(layer.Query, binding.Get(l, LoraTarget.Query)),
                    Key = Merge(layer.Key, binding.Get(l, LoraTarget.Key)),
                    Value = Merge(layer.Value, binding.Get(l, LoraTarget.Value)),
                    AttentionOutput = Merge(layer.AttentionOutput, binding.Get(l, LoraTarget.AttentionOutput)),
                    FeedForwardNorm = layer.FeedForwardNorm,
                    Gate = Merge(layer.Gate, binding.Get(l, LoraTarget.Gate)),
                    Up = Merge(layer.Up, binding.Get(l, LoraTarget.Up)),
                    Down = Merge(layer.Down, binding.Get(l, LoraTarget.Down)),
                };
            }

            var weights = new ModelWeights
            {
                TokenEmbedding = Weights.TokenEmbedding,
                TokenEmbeddingFileOffset = Weights.TokenEmbeddingFileOffset,
                Layers = layers,
                OutputNorm = Weights.OutputNorm,
                Output = Merge(Weights.Output, binding.Output),
                Tensors = [.. Weights.Tensors.Select(t => merged.TryGetValue(t.Name, out var m)
                    ? t with { Type = GgmlType.F32, ByteSize = (long)m.Rows * m.Columns * sizeof(float) }
                    : t)],
                Repacked = memory,
            };
            return new LlamaModel(this, weights)
            {
                Tokenizer = Tokenizer,
                BosTokenId = BosTokenId,
                EosTokenId = EosTokenId,
                KvCacheType = KvCacheType,
                ChatTemplate = ChatTemplate,
            };

            WeightMatrix Merge(WeightMatrix matrix, LoraFactors? factors)
            {
                if (factors is null)
                {
                    return matrix;
                }

                var result = MergedMatrix(matrix, factors, adapter.Scale(scale, factors.Info.Rank), memory);
                merged.Add(factors.Info.TargetName, result);
                return result;
            }
        }
        catch
        {
            memory.Dispose();
            throw;
        }
    }

    private unsafe WeightMatrix MergedMatrix(WeightMatrix matrix, LoraFactors factors, float scale, RepackedWeights memory)
    {
        var result = memory.AllocateF32(matrix.Rows, matrix.Columns);
        var columns = matrix.Columns;
        ReadOnlySpan<float> a = factors.A;
        ReadOnlySpan<float> bt = factors.BTransposed;
        for (var o = 0; o < matrix.Rows; o++)
        {
            var row = new Span<float>(result.Data + ((long)o * result.RowBytes), columns);
            Dequantize.Row(matrix.Type, RowMajorBytes(matrix, factors.Info.TargetName, o), row);

            // Row o of B·A is Σ_r B[o, r] · A[r, :].
            for (var r = 0; r < factors.Info.Rank; r++)
            {
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(a.Slice(r * columns, columns), scale * bt[(r * matrix.Rows) + o], row, row);
            }
        }

        return result;
    }

    /// <summary>Row <paramref name="row"/>'s bytes in file (row-major) order, from the file when the matrix in memory is repacked.</summary>
    private unsafe ReadOnlySpan<byte> RowMajorBytes(WeightMatrix matrix, string name, int row)
    {
        if (row >= matrix.InterleavedRows)
        {
            return matrix.Row(row);
        }

        var file = _mapping as GgufFile
            ?? throw new InvalidOperationException($"Matrix '{name}' is repacked but its model has no GGUF mapping to read it from.");
        var tensor = file.GetTensor(name);
        return new ReadOnlySpan<byte>(file.GetTensorPointer(tensor) + (row * matrix.RowBytes), checked((int)matrix.RowBytes));
    }
}
