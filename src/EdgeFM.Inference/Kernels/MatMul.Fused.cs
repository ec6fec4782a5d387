using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Kernels;

public static unsafe partial class MatMul
{
    /// <summary>
    /// <see cref="MatMat"/> of two or three weight matrices with the same activations in one pool dispatch:
    /// <c>y0 = W0 · x</c>, <c>y1 = W1 · x</c> and, when <paramref name="w2"/> has rows, <c>y2 = W2 · x</c>.
    /// </summary>
    /// <remarks>
    /// Every dispatch ends in a barrier, and on a shared machine a barrier costs whatever a descheduled worker makes
    /// the caller wait; a decoded token's Q, K, V (and gate, up) projections therefore run as one dispatch, with the
    /// activations quantized once. Matrices of different types or columns fall back to separate calls.
    /// </remarks>
    public static void MatMatFused(
        ReadOnlySpan<float> x,
        int n,
        ComputePool? pool,
        in WeightMatrix w0,
        Span<float> y0,
        in WeightMatrix w1,
        Span<float> y1,
        in WeightMatrix w2,
        Span<float> y2)
    {
        var three = w2.Rows > 0;
        if (w1.Type != w0.Type || w1.Columns != w0.Columns || (three && (w2.Type != w0.Type || w2.Columns != w0.Columns)))
        {
            MatMat(w0, x, y0, n, pool);
            MatMat(w1, x, y1, n, pool);
            if (three)
            {
                MatMat(w2, x, y2, n, pool);
            }

            return;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (x.Length < (long)n * w0.Columns || y0.Length < (long)n * w0.Rows || y1.Length < (long)n * w1.Rows || (three && y2.Length < (long)n * w2.Rows))
        {
            throw new ArgumentException($"MatMatFused shape mismatch: W0 is {w0.Rows}×{w0.Columns}, n={n}, x has {x.Length}.", nameof(x));
        }

        var kernels = TypeKernels.For(w0.Type);
        if (n == 0)
        {
            return;
        }

        pool ??= ComputePool.Shared;
        using (pool.Gate.EnterScope())
        {
            fixed (float* xp = x)
            fixed (float* yp0 = y0)
            fixed (float* yp1 = y1)
            fixed (float* yp2 = y2)
            {
                var (activations, stride) = PrepareActivations(kernels, w0.Columns, x, xp, n, pool);
                var job = new FusedJob(
                    Prepare(new Job(kernels, w0, n, yp0), kernels, activations, stride, w0, n, pool.Threads),
                    Prepare(new Job(kernels, w1, n, yp1), kernels, activations, stride, w1, n, pool.Threads),
                    three ? Prepare(new Job(kernels, w2, n, yp2), kernels, activations, stride, w2, n, pool.Threads) : default);
                pool.Run(ref job, job.Chunks);
            }
        }
    }

    /// <summary>The activation rows in the kernels' format (quantized into the pool's scratch when needed) and their stride in bytes.</summary>
    private static (nint Activations, long Stride) PrepareActivations(in TypeKernels kernels, int columns, ReadOnlySpan<float> x, float* xp, int n, ComputePool pool)
    {
        if (UsesGemm(kernels, n))
        {
            var packed = (float*)pool.Scratch(F32Gemm.PackedFloats(n, columns) * sizeof(float));
            F32Gemm.Pack(xp, n, columns, packed);
            return ((nint)packed, (long)columns * sizeof(float));
        }

        if (kernels.Activation == GgmlType.F32)
        {
            return ((nint)xp, (long)columns * sizeof(float));
        }

        var stride = kernels.ActivationRowBytes(columns);
        var scratch = pool.Scratch(stride * n);
        for (var i = 0; i < n; i++)
        {
            kernels.QuantizeActivation(x.Slice(i * columns, columns), new Span<byte>(scratch + (i * stride), (int)stride));
        }

        return ((nint)scratch, stride);
    }

    private static Job Prepare(Job job, in TypeKernels kernels, nint activations, long stride, in WeightMatrix w, int n, int threads)
    {
        job.X = (byte*)activations;
        job.XStride = stride;
        job.RowsPerChunk = UsesGemm(kernels, n) ? F32Gemm.RowsPerChunk(w.Rows, w.Columns, threads) : RowsPerChunk(w.Rows, w.RowBytes, n, threads);
        return job;
    }

    /// <summary>Chunks of up to three <see cref="Job"/>s numbered one after another.</summary>
    private readonly struct FusedJob(Job a, Job b, Job c) : IComputeJob
    {
        private readonly int _chunksA = a.Chunks;
        private readonly int _chunksAB = a.Chunks + b.Chunks;

        public int Chunks => _chunksAB + c.Chunks;

        public void Execute(int chunk)
        {
            if (chunk < _chunksA)
            {
                a.Execute(chunk);
            }
            else if (chunk < _chunksAB)
            {
                b.Execute(chunk - _chunksA);
            }
            else
            {
                c.Execute(chunk - _chunksAB);
            }
        }
    }
}
