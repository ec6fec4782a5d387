using System.Diagnostics;
using System.Runtime.InteropServices;
using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// Measures mat-vec / mat-mat throughput on random weights: the median over <c>runs</c> timed rounds, each long enough
/// (≥ 20 ms) to dwarf timer resolution, after one warm-up round.
/// </summary>
public static unsafe class KernelThroughput
{
    /// <summary>
    /// Times <see cref="MatMul.MatMat"/> (n = 1: <see cref="MatMul.MatVec"/>) of a rows × columns matrix of
    /// <paramref name="type"/> on <paramref name="pool"/>; with <paramref name="independent"/>, n separate mat-vecs instead.
    /// With <see cref="WeightLayout.Q4_0x8"/> the Q4_0 matrix is repacked as a model load does.
    /// </summary>
    public static KernelThroughputResult Measure(GgmlType type, int rows, int columns, int n, ComputePool pool, int runs = 5, bool independent = false, WeightLayout layout = WeightLayout.RowMajor)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var rowBytes = GgmlTypeInfo.RowBytes(type, columns);
        var bytes = rowBytes * rows;
        var data = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, 64);
        try
        {
            var random = new Random(1);
            var values = new float[columns];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    values[c] = (float)(random.NextDouble() - 0.5) * 0.04f;
                }

                Quantize.Row(type, values, new Span<byte>(data + (r * rowBytes), (int)rowBytes));
            }

            var w = new WeightMatrix(data, type, rows, columns, layout);
            if (layout == WeightLayout.Q4_0x8)
            {
                Q4_0x8.PackInPlace(data, rowBytes, rows, columns);
            }

            var x = new float[n * columns];
            for (var i = 0; i < x.Length; i++)
            {
                x[i] = (float)(random.NextDouble() - 0.5);
            }

            var y = new float[n * rows];
            void Once()
            {
                if (independent)
                {
                    for (var i = 0; i < n; i++)
                    {
                        MatMul.MatVec(w, x.AsSpan(i * columns, columns), y.AsSpan(i * rows, rows), pool);
                    }
                }
                else
                {
                    MatMul.MatMat(w, x, y, n, pool);
                }
            }

            Once();
            var probe = Stopwatch.StartNew();
            Once();
            var repeats = Math.Max(1, (int)(0.02 / Math.Max(probe.Elapsed.TotalSeconds, 1e-9)));
            var times = new double[runs];
            for (var run = 0; run < runs; run++)
            {
                var watch = Stopwatch.StartNew();
                for (var k = 0; k < repeats; k++)
                {
                    Once();
                }

                times[run] = watch.Elapsed.TotalSeconds / repeats;
            }

            Array.Sort(times);
            return new KernelThroughputResult(type, rows, columns, n, pool.Threads, bytes, times[runs / 2]);
        }
        finally
        {
            NativeMemory.AlignedFree(data);
        }
    }
}
