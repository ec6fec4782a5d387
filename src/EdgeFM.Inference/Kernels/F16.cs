using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

/// <summary>IEEE half-precision weights against float32 activations.</summary>
internal static unsafe class F16
{
    private const int Chunk = 256;

    /// <summary>Scalar reference: Σ (float)w[i] · x[i] accumulated in double.</summary>
    public static float DotScalar(byte* w, byte* x, int count)
    {
        var a = (Half*)w;
        var b = (float*)x;
        var sum = 0d;
        for (var i = 0; i < count; i++)
        {
            sum += (double)(float)a[i] * b[i];
        }

        return (float)sum;
    }

    /// <summary>
    /// Widens 256 halves at a time into an L1-resident buffer with the vectorized
    /// <see cref="TensorPrimitives.ConvertToSingle(ReadOnlySpan{Half}, Span{float})"/>, then FMA-accumulates.
    /// </summary>
    public static float DotAvx2(byte* w, byte* x, int count)
    {
        var buffer = stackalloc float[Chunk];
        var a = (Half*)w;
        var b = (float*)x;
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var tail = 0f;
        for (var start = 0; start < count; start += Chunk)
        {
            var n = Math.Min(Chunk, count - start);
            TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>(a + start, n), new Span<float>(buffer, n));
            var xb = b + start;
            var i = 0;
            for (; i + 16 <= n; i += 16)
            {
                s0 = Fma.MultiplyAdd(Avx.LoadVector256(buffer + i), Avx.LoadVector256(xb + i), s0);
                s1 = Fma.MultiplyAdd(Avx.LoadVector256(buffer + i + 8), Avx.LoadVector256(xb + i + 8), s1);
            }

            for (; i < n; i++)
            {
                tail += buffer[i] * xb[i];
            }
        }

        return SimdInt8.HorizontalSum(s0 + s1) + tail;
    }
}
