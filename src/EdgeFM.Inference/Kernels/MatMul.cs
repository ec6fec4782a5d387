using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// Matrix products of a <see cref="WeightMatrix"/> with activations, split over a <see cref="ComputePool"/>.
/// </summary>
/// <remarks>
/// Quantized weights are multiplied as llama.cpp does: the activations are quantized once per call (Q8_0 for Q8_0
/// and Q4_0 weights, Q8_K for Q4_K and Q6_K) into the pool's reusable scratch, and dot products run on the blocks in
/// int8 arithmetic. F32 and F16 weights use float32 activations. Calls allocate nothing.
/// </remarks>
public static unsafe partial class MatMul
{
    /// <summary>True when <see cref="MatVec"/> and <see cref="MatMat"/> can compute with weights of <paramref name="type"/>.</summary>
    public static bool Supports(GgmlType type) => TypeKernels.TryGet(type, out _);

    /// <summary>True when this machine has the kernels of <see cref="WeightLayout.Q4_0x8"/> (AVX2 and FMA), so repacking pays.</summary>
    public static bool CanRepack => SimdInt8.IsSupported;

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
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (x.Length < (long)n * w.Columns || y.Length < (long)n * w.Rows)
        {
            throw new ArgumentException($"MatMat shape mismatch: W is {w.Rows}×{w.Columns}, n={n}, x has {x.Length}, y has {y.Length}.", nameof(x));
        }

        var kernels = TypeKernels.For(w.Type);
        if (n == 0 || w.Rows == 0)
        {
            return;
        }

        pool ??= ComputePool.Shared;
        using (pool.Gate.EnterScope())
        {
            fixed (float* xp = x)
            fixed (float* yp = y)
            {
                var activations = PrepareActivations(kernels, w.Columns, x, xp, n, w.InterleavedRows > 0, pool);
                var job = Prepare(new Job(kernels, w, n, yp), kernels, activations, w, n, pool.Threads);
                pool.Run(ref job, job.Chunks);
            }
        }
    }

    /// <summary>
    /// True when a mat-mat of these kernels runs on float32 activations packed for <see cref="F32Gemm"/>: F32
    /// weights directly, other types through <see cref="QuantizedGemm"/>. Weights with <paramref name="interleaved"/>
    /// Q4_0 groups stay on int8 activations when <see cref="Q4_0x8.Dot4Vnni"/> runs here (faster than the
    /// dequantizing GEMM, and bit-identical to the mat-vec).
    /// </summary>
    private static bool UsesGemm(in TypeKernels kernels, int n, bool interleaved) =>
        (n > 1 && kernels.Weight == GgmlType.F32 && SimdInt8.IsSupported)
        || (QuantizedGemm.Applies(kernels, n) && !(interleaved && Q4_0x8.VnniSupported));

    /// <summary>
    /// Rows per work chunk: a multiple of 16 (so threads never share a 64-byte cache line of y), about 8 chunks per
    /// thread for load balance, and for mat-mat at most ~128 KiB of weights so a chunk stays in L2 while every
    /// activation row passes over it.
    /// </summary>
    internal static int RowsPerChunk(int rows, long rowBytes, int n, int threads)
    {
        var rowsPerChunk = Math.Max(16, (rows / (threads * 8)) + 15) & ~15;
        if (n > 1)
        {
            var fitL2 = (int)Math.Max(16, (128 * 1024 / Math.Max(1, rowBytes)) & ~15);
            rowsPerChunk = Math.Min(rowsPerChunk, fitL2);
        }

        return rowsPerChunk;
    }
}
