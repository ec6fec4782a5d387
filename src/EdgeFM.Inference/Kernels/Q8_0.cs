using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// ggml <c>block_q8_0</c>: 32 elements in 34 bytes, <c>{ half d; int8 qs[32]; }</c>, value = d · qs[i].
/// Also the format activations are quantized to for Q8_0 and Q4_0 weights.
/// </summary>
internal static unsafe class Q8_0
{
    public const int BlockSize = 32;
    public const int BlockBytes = 34;

    /// <summary>Round-to-nearest quantization as ggml's reference: d = max|x| / 127, q = round(x / d).</summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> destination)
    {
        var blocks = source.Length / BlockSize;
        fixed (float* x = source)
        fixed (byte* y = destination)
        {
            for (var b = 0; b < blocks; b++)
            {
                QuantizeBlock(x + (b * BlockSize), y + (b * BlockBytes));
            }
        }
    }

    /// <summary>Quantizes one block of 32 floats at <paramref name="x"/> into 34 bytes at <paramref name="y"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void QuantizeBlock(float* x, byte* y)
    {
        var amax = SimdInt8.MaxAbs(x, BlockSize);
        var d = amax / 127f;
        var id = d != 0 ? 1f / d : 0f;
        *(Half*)y = (Half)d;
        SimdInt8.Round32((sbyte*)(y + 2), x, id);
    }

    public static void Dequantize(byte* source, float* destination, int count)
    {
        for (var b = 0; b < count / BlockSize; b++)
        {
            var block = source + (b * BlockBytes);
            var d = (float)*(Half*)block;
            var q = (sbyte*)(block + 2);
            var y = destination + (b * BlockSize);
            for (var i = 0; i < BlockSize; i++)
            {
                y[i] = d * q[i];
            }
        }
    }

    /// <summary>AVX2 <see cref="Dequantize"/>: bit-identical (the same float products d · q).</summary>
    public static void DequantizeAvx2(byte* source, float* destination, int count)
    {
        for (var b = 0; b < count / BlockSize; b++)
        {
            var block = source + (b * BlockBytes);
            var d = Vector256.Create(HalfConvert.Lookup(block));
            var q = (sbyte*)(block + 2);
            var y = destination + (b * BlockSize);
            for (var k = 0; k < BlockSize; k += 8)
            {
                Avx.Store(y + k, Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(q + k)) * d);
            }
        }
    }

    /// <summary>Scalar reference: Σ over blocks of d_w · d_x · Σ q_w · q_x with x already in Q8_0.</summary>
    public static float DotScalar(byte* w, byte* x, int count)
    {
        var sum = 0f;
        for (var b = 0; b < count / BlockSize; b++)
        {
            var wb = w + (b * BlockBytes);
            var xb = x + (b * BlockBytes);
            var qw = (sbyte*)(wb + 2);
            var qx = (sbyte*)(xb + 2);
            var isum = 0;
            for (var i = 0; i < BlockSize; i++)
            {
                isum += qw[i] * qx[i];
            }

            sum += (float)*(Half*)wb * (float)*(Half*)xb * isum;
        }

        return sum;
    }

    /// <summary>AVX2: int8×int8 products via the sign trick (|w| as unsigned × sign-adjusted x), int32 sums, FMA in float.</summary>
    public static float DotAvx2(byte* w, byte* x, int count)
    {
        var acc = Vector256<float>.Zero;
        var blocks = count / BlockSize;
        for (var b = 0; b < blocks; b++)
        {
            var wb = w + (b * BlockBytes);
            var xb = x + (b * BlockBytes);
            var qw = Avx.LoadVector256((sbyte*)(wb + 2));
            var qx = Avx.LoadVector256((sbyte*)(xb + 2));
            var sums = SimdInt8.DotSigned(qw, qx);
            var scale = Vector256.Create(HalfConvert.Lookup(wb) * HalfConvert.Lookup(xb));
            acc = Fma.MultiplyAdd(scale, Avx.ConvertToVector256Single(sums), acc);
        }

        return SimdInt8.HorizontalSum(acc);
    }
}
