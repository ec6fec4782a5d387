using System.Numerics.Tensors;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Training;

/// <summary>
/// Float32 products with a frozen base matrix W (rows = outputs, columns = inputs) for training: the forward
/// <c>y = x·Wᵀ</c> and the input gradient <c>dx = dy·W</c>. W stays where it is (the mapped file); quantized W is
/// dequantized block by block with the runtime's kernels, so the products are those of the dequantized weights with
/// float32 activations (never the int8 activations of the decode kernels, which would make the gradient that of
/// another function).
/// </summary>
/// <remarks>
/// The input gradient contracts over W's rows, which no runtime kernel does. Rather than keep a transposed float32
/// copy of the model, each block of up to <see cref="BlockFloats"/> / inputs rows is dequantized and transposed into
/// a pinned buffer and multiplied with the matching columns of dy by the runtime's float32 GEMM; the transposition
/// reads each weight once per call while the GEMM uses it n times. Not thread-safe (one per training model).
/// </remarks>
internal sealed unsafe class FrozenProducts
{
    /// <summary>Floats of one transposed block (1 MiB).</summary>
    public const int BlockFloats = 1 << 18;

    private readonly ComputePool _pool;
    private float[] _transposed = [];
    private float[] _gradientBlock = [];
    private float[] _partial = [];
    private float[] _row = [];

    public FrozenProducts(ComputePool pool) => _pool = pool;

    /// <summary><c>y[i, r] = Σ_c W[r, c] · x[i, c]</c> for n rows, in float32 on the dequantized weights.</summary>
    public void Forward(in WeightMatrix w, ReadOnlySpan<float> x, Span<float> y, int n)
    {
        RequireRowMajor(w);
        if (w.Type == GgmlType.F32 || (n >= QuantizedGemm.MinRows && SimdInt8.IsSupported))
        {
            MatMul.MatMat(w, x, y, n, _pool);
            return;
        }

        // Few rows of a quantized matrix: the runtime would quantize the activations to 8 bits here.
        var row = Row(w.Columns);
        for (var r = 0; r < w.Rows; r++)
        {
            Dequantize.Row(w.Type, w.Row(r), row);
            for (var i = 0; i < n; i++)
            {
                y[(i * w.Rows) + r] = TensorPrimitives.Dot(row, x.Slice(i * w.Columns, w.Columns));
            }
        }
    }

    /// <summary><c>dx[i, c] += Σ_r dy[i, r] · W[r, c]</c> for n rows (dy is n × Rows, dx is n × Columns).</summary>
    public void AddInputGradient(in WeightMatrix w, ReadOnlySpan<float> dy, Span<float> dx, int n)
    {
        RequireRowMajor(w);
        var inputs = w.Columns;
        var outputs = w.Rows;
        var blockRows = Math.Clamp(BlockFloats / Math.Max(1, inputs), 16, Math.Max(16, outputs));
        blockRows = Math.Min(blockRows, outputs);
        Grow(ref _transposed, (long)inputs * blockRows, pinned: true);
        Grow(ref _gradientBlock, (long)n * blockRows, pinned: false);
        Grow(ref _partial, (long)n * inputs, pinned: false);
        var row = Row(inputs);
        fixed (float* transposed = _transposed)
        {
            for (var r0 = 0; r0 < outputs; r0 += blockRows)
            {
                var rows = Math.Min(blockRows, outputs - r0);
                for (var j = 0; j < rows; j++)
                {
                    Dequantize.Row(w.Type, w.Row(r0 + j), row);
                    for (var c = 0; c < inputs; c++)
                    {
                        transposed[(c * rows) + j] = row[c];
                    }
                }

                for (var i = 0; i < n; i++)
                {
                    dy.Slice((i * outputs) + r0, rows).CopyTo(_gradientBlock.AsSpan(i * rows, rows));
                }

                var block = new WeightMatrix((byte*)transposed, GgmlType.F32, inputs, rows);
                var partial = _partial.AsSpan(0, n * inputs);
                MatMul.MatMat(block, _gradientBlock.AsSpan(0, n * rows), partial, n, _pool);
                TensorPrimitives.Add(dx[..(n * inputs)], partial, dx);
            }
        }
    }

    private static void RequireRowMajor(in WeightMatrix w)
    {
        if (w.Layout != WeightLayout.RowMajor)
        {
            throw new InvalidOperationException($"Training needs row-major base weights, not {w.Layout}; load the model with ModelLoadOptions.RepackWeights = false.");
        }
    }

    private static void Grow(ref float[] buffer, long floats, bool pinned)
    {
        if (buffer.Length < floats)
        {
            buffer = GC.AllocateUninitializedArray<float>(checked((int)floats), pinned);
        }
    }

    private Span<float> Row(int columns)
    {
        Grow(ref _row, columns, pinned: false);
        return _row.AsSpan(0, columns);
    }
}
