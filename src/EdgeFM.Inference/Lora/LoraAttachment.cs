using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using EdgeFM.Inference.Kernels;
using EdgeFM.Inference.Training;

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
    private readonly ComputePool _pool;

    // Multiply-adds below which a batch's adapter term runs on one thread: splitting it costs more than it saves.
    private const long ParallelWork = 1 << 16;

    // Floats of an output row updated together (2 KiB, in L1 with the rank rows of Bᵀ that feed it).
    private const int OutputBlock = 512;

    public LoraAttachment(LoraAdapter adapter, LoraBinding binding, float userScale, int maxRows, ComputePool pool)
    {
        _pool = pool;
        Adapter = adapter;
        UserScale = userScale;
        _binding = binding;
        _blockScales = new float[binding.BlockFactors.Length];
        for (var i = 0; i < _blockScales.Length; i++)
        {
            _blockScales[i] = binding.BlockFactors[i] is { } f ? adapter.Scale(userScale, f.Info.Rank) : 0f;
        }

        _outputScale = binding.Output is { } o ? adapter.Scale(userScale, o.Info.Rank) : 0f;
        _scratch = new float[maxRows * adapter.MaxRank];
    }

    public LoraAdapter Adapter { get; }

    public float UserScale { get; }

    /// <summary>Adds the adapter's term of block <paramref name="layer"/>'s Q, K and V projections of <paramref name="x"/>.</summary>
    public void ApplyAttentionInputs(int layer, ReadOnlySpan<float> x, Span<float> query, Span<float> key, Span<float> value, int n)
    {
        Apply(layer, LoraTarget.Query, x, query, n);
        Apply(layer, LoraTarget.Key, x, key, n);
        Apply(layer, LoraTarget.Value, x, value, n);
    }

    /// <summary>Adds the adapter's term for <paramref name="slot"/> of block <paramref name="layer"/> (nothing when that matrix is not adapted).</summary>
    public void Apply(int layer, LoraTarget slot, ReadOnlySpan<float> x, Span<float> y, int n)
    {
        var index = (layer * LoraBinding.SlotsPerLayer) + (int)slot;
        if (_binding.BlockFactors[index] is { } factors)
        {
            AddProduct(factors, _blockScales[index], x, y, n, _scratch, _pool);
        }
    }

    /// <summary>Adds the adapter's term of the output (classifier) matrix for one row.</summary>
    public void ApplyOutput(ReadOnlySpan<float> x, Span<float> logits)
    {
        if (_binding.Output is { } factors)
        {
            AddProduct(factors, _outputScale, x, logits, 1, _scratch, null);
        }
    }

    /// <summary>
    /// <c>y[i] += scale · Bᵀ(A·x[i])</c> for <paramref name="n"/> rows: x is n × n_in, y is n × n_out, row-major.
    /// Per row, first t = scale·(A·x) (rank dot products of n_in), then rank multiply-adds of Bᵀ's contiguous rows:
    /// O(n·rank·(n_in + n_out)), a few percent of the base product. A prefill batch is split by rows over
    /// <paramref name="pool"/> (the base products use all its threads too); one row (decode) runs on the caller.
    /// </summary>
    internal static unsafe void AddProduct(LoraFactors f, float scale, ReadOnlySpan<float> x, Span<float> y, int n, Span<float> scratch, ComputePool? pool)
    {
        var work = (long)n * f.Info.Rank * (f.Info.InputDimension + f.Info.OutputDimension);
        fixed (float* xp = x)
        fixed (float* yp = y)
        fixed (float* tp = scratch)
        {
            if (n < 2 || pool is null || pool.Threads < 2 || work < ParallelWork)
            {
                AddRows(f, scale, xp, yp, tp, 0, n);
                return;
            }

            var chunks = Math.Min(n, pool.Threads);
            var job = new RowsJob(f, scale, xp, yp, tp, n, (n + chunks - 1) / chunks);
            pool.Run(ref job, chunks);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void AddRows(LoraFactors f, float scale, float* x, float* y, float* scratch, int start, int end)
    {
        var (rank, inputs, outputs) = (f.Info.Rank, f.Info.InputDimension, f.Info.OutputDimension);
        ReadOnlySpan<float> a = f.A;
        ReadOnlySpan<float> bt = f.BTransposed;
        for (var i = start; i < end; i++)
        {
            var row = new ReadOnlySpan<float>(x + ((long)i * inputs), inputs);
            var t = new Span<float>(scratch + ((long)i * rank), rank);
            for (var r = 0; r < rank; r++)
            {
                t[r] = scale * TensorPrimitives.Dot(a.Slice(r * inputs, inputs), row);
            }

            // By blocks of the output row, so a wide one (the 32,000 logits) is read and written once, not once per rank.
            for (var c = 0; c < outputs; c += OutputBlock)
            {
                var width = Math.Min(OutputBlock, outputs - c);
                var output = new Span<float>(y + ((long)i * outputs) + c, width);
                for (var r = 0; r < rank; r++)
                {
                    TensorPrimitives.MultiplyAdd(bt.Slice((r * outputs) + c, width), t[r], output, output);
                }
            }
        }
    }

    private readonly unsafe struct RowsJob(LoraFactors factors, float scale, float* x, float* y, float* scratch, int rows, int rowsPerChunk) : IComputeJob
    {
        public void Execute(int chunk)
        {
            var start = chunk * rowsPerChunk;
            AddRows(factors, scale, x, y, scratch, start, Math.Min(rows, start + rowsPerChunk));
        }
    }
}
