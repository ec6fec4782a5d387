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
                var interleaved = w0.InterleavedRows > 0 || w1.InterleavedRows > 0 || (three && w2.InterleavedRows > 0);
                var activations = PrepareActivations(kernels, w0.Columns, x, xp, n, interleaved, pool);
                var job = new FusedJob(
                    Prepare(new Job(kernels, w0, n, yp0), kernels, activations, w0, n, pool.Threads),
                    Prepare(new Job(kernels, w1, n, yp1), kernels, activations, w1, n, pool.Threads),
                    three ? Prepare(new Job(kernels, w2, n, yp2), kernels, activations, w2, n, pool.Threads) : default);
                pool.Run(ref job, job.Chunks);
            }
        }
    }

    /// <summary>
    /// The activation rows in the kernels' format (quantized into the pool's scratch when needed), their stride in
    /// bytes and, for weights with <paramref name="interleaved"/> Q4_0 groups, each row's
    /// <see cref="Q4_0x8.PrepareActivation"/> side data after the rows.
    /// </summary>
    private static Activations PrepareActivations(in TypeKernels kernels, int columns, ReadOnlySpan<float> x, float* xp, int n, bool interleaved, ComputePool pool)
    {
        if (UsesGemm(kernels, n, interleaved))
        {
            var packed = (float*)pool.Scratch(F32Gemm.PackedFloats(n, columns) * sizeof(float));
            F32Gemm.Pack(xp, n, columns, packed);
            return new((byte*)packed, (long)columns * sizeof(float), null, 0, packedForGemm: true);
        }

        if (kernels.Activation == GgmlType.F32)
        {
            return new((byte*)xp, (long)columns * sizeof(float), null, 0, packedForGemm: false);
        }

        var stride = kernels.ActivationRowBytes(columns);
        var auxStride = interleaved ? (long)columns / Q4_0.BlockSize * Q4_0x8.AuxBlockBytes : 0;
        var scratch = pool.Scratch((stride + auxStride) * n);
        var aux = scratch + (stride * n);
        for (var i = 0; i < n; i++)
        {
            kernels.QuantizeActivation(x.Slice(i * columns, columns), new Span<byte>(scratch + (i * stride), (int)stride));
            if (interleaved)
            {
                Q4_0x8.PrepareActivation(scratch + (i * stride), columns, aux + (i * auxStride));
            }
        }

        return new(scratch, stride, interleaved ? aux : null, auxStride, packedForGemm: false);
    }

    private static Job Prepare(Job job, in TypeKernels kernels, in Activations activations, in WeightMatrix w, int n, int threads)
    {
        job.X = activations.Rows;
        job.XStride = activations.Stride;
        job.Aux = activations.Aux;
        job.AuxStride = activations.AuxStride;
        job.Gemm = activations.PackedForGemm;
        job.RowsPerChunk = job.Gemm ? F32Gemm.RowsPerChunk(w.Rows, w.Columns, threads) : RowsPerChunk(w.Rows, w.RowBytes, n, threads);
        return job;
    }

    /// <summary>Activation rows prepared for one call: see <see cref="PrepareActivations"/>.</summary>
    private readonly struct Activations(byte* rows, long stride, byte* aux, long auxStride, bool packedForGemm)
    {
        /// <summary>True when the rows are float32 panels for <see cref="F32Gemm"/> (the job then runs the GEMM).</summary>
        public bool PackedForGemm { get; } = packedForGemm;

        public byte* Rows { get; } = rows;

        public long Stride { get; } = stride;

        public byte* Aux { get; } = aux;

        public long AuxStride { get; } = auxStride;
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
