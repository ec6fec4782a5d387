using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace EdgeFM.Inference.Lora;

/// <summary>
/// An adapter attached to one session with one user scale: adds <c>scale · B·(A·x)</c> to the output of each adapted
/// matrix product, for every activation row of a step. Holds the per-matrix scales and the rank-sized scratch, so
/// applying allocates nothing.
/// </summary>
internal sealed class LoraAttachment
{
    private readonly LoraBinding _binding;
    private readonly float[] _blockScales;
    private readonly float _outputScale;
    private readonly float[] _scratch;

    public LoraAttachment(LoraAdapter adapter, LoraBinding binding, float userScale, int maxRows)
    {
        Adapter = adapter;
        UserScale = userScale;
        _binding = binding;
        _blockScales = new float[binding.BlockFactors.Length];
        for (var i = 0; i < _blockScales.Length; i++)
        {
            _blockScales[i] = binding.BlockFactors[i] is { } f ? adapter.Scale(userScale, f.Rank) : 0f;
        }

        _outputScale = binding.Output is { } o ? adapter.Scale(userScale, o.Rank) : 0f;
        _scratch = new float[maxRows * adapter.MaxRank];
    }

    public LoraAdapter Adapter { get; }

    public float UserScale { get; }

    /// <summary>Adds the adapter's term of block <paramref name="layer"/>'s Q, K and V projections of <paramref name="x"/>.</summary>
    public void ApplyAttentionInputs(int layer, ReadOnlySpan<float> x, Span<float> query, Span<float> key, Span<float> value, int n)
    {
        Apply(layer, LoraSlot.Query, x, query, n);
        Apply(layer, LoraSlot.Key, x, key, n);
        Apply(layer, LoraSlot.Value, x, value, n);
    }

    /// <summary>Adds the adapter's term for <paramref name="slot"/> of block <paramref name="layer"/> (nothing when that matrix is not adapted).</summary>
    public void Apply(int layer, LoraSlot slot, ReadOnlySpan<float> x, Span<float> y, int n)
    {
        var index = (layer * LoraBinding.SlotsPerLayer) + (int)slot;
        if (_binding.BlockFactors[index] is { } factors)
        {
            AddProduct(factors, _blockScales[index], x, y, n, _scratch);
        }
    }

    /// <summary>Adds the adapter's term of the output (classifier) matrix for one row.</summary>
    public void ApplyOutput(ReadOnlySpan<float> x, Span<float> logits)
    {
        if (_binding.Output is { } factors)
        {
            AddProduct(factors, _outputScale, x, logits, 1, _scratch);
        }
    }

    /// <summary>
    /// <c>y[i] += scale · Bᵀ(A·x[i])</c> for <paramref name="n"/> rows: x is n × n_in, y is n × n_out, row-major.
    /// First t = scale·(x·Aᵀ) (n × rank dot products of n_in), then rank multiply-adds of Bᵀ's contiguous rows per
    /// output row. The rank-sized intermediate makes this O(n·rank·(n_in + n_out)), a few percent of the base product.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AddProduct(LoraFactors f, float scale, ReadOnlySpan<float> x, Span<float> y, int n, Span<float> scratch)
    {
        var rank = f.Rank;
        var inputs = f.InputDimension;
        var outputs = f.OutputDimension;
        ReadOnlySpan<float> a = f.A;
        ReadOnlySpan<float> bt = f.BTransposed;
        var t = scratch[..(n * rank)];
        for (var i = 0; i < n; i++)
        {
            var row = x.Slice(i * inputs, inputs);
            for (var r = 0; r < rank; r++)
            {
                t[(i * rank) + r] = scale * TensorPrimitives.Dot(a.Slice(r * inputs, inputs), row);
            }
        }

        for (var i = 0; i < n; i++)
        {
            var output = y.Slice(i * outputs, outputs);
            for (var r = 0; r < rank; r++)
            {
                TensorPrimitives.MultiplyAdd(bt.Slice(r * outputs, outputs), t[(i * rank) + r], output, output);
            }
        }
    }
}
