using System.Runtime.InteropServices;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Benchmarks.Kernels;

/// <summary>A random weight matrix in native memory (so it is never moved) and matching activations.</summary>
internal sealed unsafe class KernelBenchmarkData : IDisposable
{
    public KernelBenchmarkData(GgmlType type, int rows, int columns, int activationRows)
    {
        var random = new Random(1);
        var rowBytes = (int)GgmlTypeInfo.RowBytes(type, columns);
        Bytes = (long)rowBytes * rows;
        Data = (byte*)NativeMemory.AlignedAlloc((nuint)Bytes, 64);
        var values = new float[columns];
        for (var r = 0; r < rows; r++)
        {
            Fill(random, values, 0.02f);
            Quantize.Row(type, values, new Span<byte>(Data + ((long)r * rowBytes), rowBytes));
        }

        Matrix = new WeightMatrix(Data, type, rows, columns);
        X = new float[activationRows * columns];
        Fill(random, X, 1f);
        Y = new float[activationRows * rows];
    }

    public byte* Data { get; }

    public long Bytes { get; }

    public WeightMatrix Matrix { get; }

    public float[] X { get; }

    public float[] Y { get; }

    public void Dispose() => NativeMemory.AlignedFree(Data);

    private static void Fill(Random random, Span<float> values, float scale)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() - 0.5) * 2 * scale;
        }
    }
}
