using BenchmarkDotNet.Attributes;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Benchmarks.Kernels;

/// <summary>
/// Decode-shaped mat-vec per weight type on the stories110M layer shapes, on one and on all threads.
/// GB/s of weights streamed = matrix bytes / mean time (the matrix bytes are printed in the Bytes column's parameter).
/// Run: <c>dotnet run -c Release --project bench/EdgeFM.Benchmarks -- --filter '*MatVecBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class MatVecBenchmarks
{
    private KernelBenchmarkData _data = null!;
    private ComputePool _pool = null!;

    [Params(GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K)]
    public GgmlType Type { get; set; }

    [Params("768x768", "2048x768", "768x2048", "32000x768")]
    public string Shape { get; set; } = "768x768";

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split('x');
        _data = new KernelBenchmarkData(Type, int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), 1);
        _pool = new ComputePool(Threads);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool.Dispose();
        _data.Dispose();
    }

    [Benchmark]
    public void MatVec() => MatMul.MatVec(_data.Matrix, _data.X, _data.Y, _pool);
}
