using BenchmarkDotNet.Attributes;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Benchmarks.Kernels;

/// <summary>
/// Prefill-shaped Q4_0 mat-mat, 2048×768 weights, all threads: the row-major matrix (int8 tiles at n = 8, the
/// dequantizing GEMM at n = 128) against the same weights repacked in groups of eight rows (<see cref="WeightLayout.Q4_0x8"/>:
/// the AVX-VNNI tile where the machine has it, else the same paths as row-major). GFLOP/s = 2 · rows · columns · n / mean time.
/// </summary>
[MemoryDiagnoser]
public class InterleavedMatMatBenchmarks
{
    private KernelBenchmarkData _rowMajor = null!;
    private KernelBenchmarkData _interleavedData = null!;
    private WeightMatrix _interleaved;
    private ComputePool _pool = null!;

    [Params(8, 128)]
    public int N { get; set; }

    [GlobalSetup]
    public unsafe void Setup()
    {
        // Same seed, same weights: the two matrices differ only in layout.
        _rowMajor = new KernelBenchmarkData(GgmlType.Q4_0, 2048, 768, N);
        _interleavedData = new KernelBenchmarkData(GgmlType.Q4_0, 2048, 768, N);
        var m = _interleavedData.Matrix;
        Q4_0x8.PackInPlace(_interleavedData.Data, m.RowBytes, m.Rows, m.Columns);
        _interleaved = new WeightMatrix(_interleavedData.Data, GgmlType.Q4_0, m.Rows, m.Columns, WeightLayout.Q4_0x8);
        _pool = new ComputePool(Environment.ProcessorCount);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool.Dispose();
        _rowMajor.Dispose();
        _interleavedData.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void RowMajor() => MatMul.MatMat(_rowMajor.Matrix, _rowMajor.X, _rowMajor.Y, N, _pool);

    [Benchmark]
    public void Interleaved() => MatMul.MatMat(_interleaved, _interleavedData.X, _interleavedData.Y, N, _pool);
}
