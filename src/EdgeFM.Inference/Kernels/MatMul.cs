using System.Numerics.Tensors;
using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// Matrix products of a <see cref="WeightMatrix"/> with activations, parallel over all cores.
/// </summary>
public static unsafe class MatMul
{
    /// <summary>
    /// <c>y[r] = Σ_c W[r, c] · x[c]</c> for every row r. <paramref name="x"/> has <c>Columns</c> elements,
    /// <paramref name="y"/> has <c>Rows</c>.
    /// </summary>
    public static void MatVec(in WeightMatrix w, ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length < w.Columns || y.Length < w.Rows)
        {
            throw new ArgumentException($"MatVec shape mismatch: W is {w.Rows}×{w.Columns}, x has {x.Length}, y has {y.Length}.", nameof(x));
        }

        if (w.Type != GgmlType.F32)
        {
            throw new NotSupportedException($"Tensor type {w.Type} is not supported by this kernel set.");
        }

        var weights = (float*)w.Data;
        var columns = w.Columns;
        for (var r = 0; r < w.Rows; r++)
        {
            y[r] = TensorPrimitives.Dot(new ReadOnlySpan<float>(weights + ((long)r * columns), columns), x[..columns]);
        }
    }
}
