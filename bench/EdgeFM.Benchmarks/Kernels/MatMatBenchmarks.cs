using BenchmarkDotNet.Attributes;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Benchmarks.Kernels;

/// <summary>
/// Prefill-shaped mat-mat (n activation rows at once) against n independent mat-vecs, 2048×768 weights, all threads.
/// GFLOP/s = 2 · rows · columns · n / mean time. n = 8 runs the int8 tiles (quantized types) or the F32 GEMM with a
/// half-empty panel; n = 128 (a prefill batch) runs the packed-panel F32 GEMM, on dequantized blocks for non-F32 types.
/// </summary>
[MemoryDiagnoser]
public class MatMatBenchmarks
{
    private KernelBenchmarkData _data = null!;
    private ComputePool _pool = null!;

    [Params(GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K)]
    public GgmlType Type { get; set; }

    [Params(8, 128)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new KernelBenchmarkData(Type, 2048, 768, N);
        _pool = new ComputePool(Environment.ProcessorCount);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool.Dispose();
        _data.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void IndependentMatVecs()
    {
        var columns = _data.Matrix.Columns;
        var rows = _data.Matrix.Rows;
        for (var i = 0; i < N; i++)
        {
            MatMul.MatVec(_data.Matrix, _data.X.AsSpan(i * columns, columns), _data.Y.AsSpan(i * rows, rows), _pool);
        }
    }

    [Benchmark]
    public void MatMat() => MatMul.MatMat(_data.Matrix, _data.X, _data.Y, N, _pool);
}
