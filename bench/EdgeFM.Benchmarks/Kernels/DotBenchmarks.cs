using BenchmarkDotNet.Attributes;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Benchmarks.Kernels;

/// <summary>One 4096-element row dot product per type: the scalar reference against the AVX2 kernel (L1-resident data).</summary>
[MemoryDiagnoser]
public unsafe class DotBenchmarks
{
    private const int Columns = 4096;
    private KernelBenchmarkData _data = null!;
    private byte[] _activation = [];
    private TypeKernels _kernels;

    [Params(GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K)]
    public GgmlType Type { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new KernelBenchmarkData(Type, 1, Columns, 1);
        _kernels = TypeKernels.For(Type);
        if (_kernels.Activation == GgmlType.F32)
        {
            _activation = System.Runtime.InteropServices.MemoryMarshal.AsBytes(_data.X.AsSpan()).ToArray();
        }
        else
        {
            _activation = new byte[_kernels.ActivationRowBytes(Columns)];
            _kernels.QuantizeActivation(_data.X, _activation);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _data.Dispose();

    [Benchmark(Baseline = true)]
    public float Scalar()
    {
        fixed (byte* x = _activation)
        {
            return _kernels.DotScalar(_data.Data, x, Columns);
        }
    }

    [Benchmark]
    public float Simd()
    {
        fixed (byte* x = _activation)
        {
            return _kernels.Dot(_data.Data, x, Columns);
        }
    }
}
