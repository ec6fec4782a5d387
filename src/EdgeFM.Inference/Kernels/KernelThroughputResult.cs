using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Kernels;

/// <summary>One <see cref="KernelThroughput"/> measurement.</summary>
/// <param name="Type">Weight type.</param>
/// <param name="Rows">Matrix rows.</param>
/// <param name="Columns">Matrix columns.</param>
/// <param name="N">Activation rows per call (1: mat-vec).</param>
/// <param name="Threads">Pool threads.</param>
/// <param name="WeightBytes">Bytes of the weight matrix.</param>
/// <param name="Seconds">Median seconds per call.</param>
public sealed record KernelThroughputResult(GgmlType Type, int Rows, int Columns, int N, int Threads, long WeightBytes, double Seconds)
{
    /// <summary>Weight bytes streamed per second, in 1e9 bytes (each call reads the matrix once).</summary>
    public double GigabytesPerSecond => WeightBytes / Seconds / 1e9;

    /// <summary>Multiply-adds counted as two operations: 2 · rows · columns · n per call, in 1e9 per second.</summary>
    public double GigaflopsPerSecond => 2.0 * Rows * Columns * N / Seconds / 1e9;
}
