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
        var table = HalfConvert.Table;
        var acc = Vector256<float>.Zero;
        for (var b = 0; b < count / BlockSize; b++)
        {
            var xb = x + (b * BlockBytes);
            var qx = Avx.LoadVector256((sbyte*)(xb + 2));
            acc = Accumulate(w + (b * BlockBytes), qx, table[*(ushort*)xb], table, acc);
        }

        return SimdInt8.HorizontalSum(acc);
    }

    /// <summary>
    /// AVX2, four weight rows (<paramref name="w"/> + k · <paramref name="rowBytes"/>, k &lt; 4) against one
    /// activation row into y[0..3]: the activation block and its scale are loaded once for four rows. y[k] is bit-identical to <see cref="DotAvx2"/> of row k.
    /// </summary>
    public static void Dot4Avx2(byte* w, long rowBytes, byte* x, int count, float* y)
    {
        // Read once, outside the loop (see HalfConvert.Table).
        var table = HalfConvert.Table;
        var acc0 = Vector256<float>.Zero;
        var acc1 = Vector256<float>.Zero;
        var acc2 = Vector256<float>.Zero;
        var acc3 = Vector256<float>.Zero;
        var w1 = w + rowBytes;
        var w2 = w1 + rowBytes;
        var w3 = w2 + rowBytes;
        var ahead = w + (SimdInt8.PrefetchRowsAhead * rowBytes);
        for (var b = 0; b < count / BlockSize; b++)
        {
            SimdInt8.Prefetch(ahead + (b * 4 * BlockBytes), 4 * BlockBytes);
            var xb = x + (b * BlockBytes);
            var qx = Avx.LoadVector256((sbyte*)(xb + 2));
            var dx = table[*(ushort*)xb];
            var o = b * BlockBytes;
            acc0 = Accumulate(w + o, qx, dx, table, acc0);
            acc1 = Accumulate(w1 + o, qx, dx, table, acc1);
            acc2 = Accumulate(w2 + o, qx, dx, table, acc2);
            acc3 = Accumulate(w3 + o, qx, dx, table, acc3);
        }

        SimdInt8.StoreSums(y, acc0, acc1, acc2, acc3);
    }

    /// <summary>acc + d_w · d_x · (eight int32 partial sums of w·x over the block at <paramref name="wb"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Accumulate(byte* wb, Vector256<sbyte> qx, float dx, float* table, Vector256<float> acc)
    {
        var sums = SimdInt8.DotSigned(Avx.LoadVector256((sbyte*)(wb + 2)), qx);
        return Fma.MultiplyAdd(Vector256.Create(table[*(ushort*)wb] * dx), Avx.ConvertToVector256Single(sums), acc);
    }
}
