using System.Numerics.Tensors;
using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// Matrix products of a <see cref="WeightMatrix"/> with activations, split over a <see cref="ComputePool"/>.
/// </summary>
public static unsafe class MatMul
{
    /// <summary>
    /// <c>y[r] = Σ_c W[r, c] · x[c]</c> for every row r. <paramref name="x"/> has <c>Columns</c> elements,
    /// <paramref name="y"/> has <c>Rows</c>.
    /// </summary>
    public static void MatVec(in WeightMatrix w, ReadOnlySpan<float> x, Span<float> y, ComputePool? pool = null) =>
        MatMat(w, x, y, 1, pool);

    /// <summary>
    /// <c>y[i, r] = Σ_c W[r, c] · x[i, c]</c> for <paramref name="n"/> activation rows: <paramref name="x"/> is
    /// n × Columns row-major, <paramref name="y"/> is n × Rows row-major.
    /// </summary>
    public static void MatMat(in WeightMatrix w, ReadOnlySpan<float> x, Span<float> y, int n, ComputePool? pool = null)
    {
        if (x.Length < (long)n * w.Columns || y.Length < (long)n * w.Rows)
        {
            throw new ArgumentException($"MatMat shape mismatch: W is {w.Rows}×{w.Columns}, n={n}, x has {x.Length}, y has {y.Length}.", nameof(x));
        }

        if (w.Type != GgmlType.F32)
        {
            throw new NotSupportedException($"Tensor type {w.Type} is not supported by this kernel set.");
        }

        pool ??= ComputePool.Shared;
        var weights = (float*)w.Data;
        var rows = w.Rows;
        var columns = w.Columns;
        fixed (float* xp = x)
        fixed (float* yp = y)
        {
            var xa = xp;
            var ya = yp;
            var chunks = Math.Min(rows, pool.Threads * 4);
            pool.For(chunks, chunk =>
            {
                var start = (int)((long)rows * chunk / chunks);
                var end = (int)((long)rows * (chunk + 1) / chunks);
                for (var i = 0; i < n; i++)
                {
                    var xi = new ReadOnlySpan<float>(xa + ((long)i * columns), columns);
                    for (var r = start; r < end; r++)
                    {
                        ya[((long)i * rows) + r] = TensorPrimitives.Dot(new ReadOnlySpan<float>(weights + ((long)r * columns), columns), xi);
                    }
                }
            });
        }
    }
}
