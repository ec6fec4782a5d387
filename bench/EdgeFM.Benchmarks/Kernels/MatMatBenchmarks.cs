using BenchmarkDotNet.Attributes;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Benchmarks.Kernels;

/// <summary>
/// Prefill-shaped mat-mat (n activation rows at once) against n independent mat-vecs, 2048×768 weights, all threads.
/// GFLOP/s = 2 · rows · columns · n / mean time.
/// </summary>
[MemoryDiagnoser]
public class MatMatBenchmarks
{
    private KernelBenchmarkData _data = null!;
    private ComputePool _pool = null!;

    [Params(GgmlType.F32, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K)]
    public GgmlType Type { get; set; }

    [Params(64)]
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
