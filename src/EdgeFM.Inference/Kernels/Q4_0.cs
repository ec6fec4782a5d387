using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// ggml <c>block_q4_0</c>: 32 elements in 18 bytes, <c>{ half d; uint8 qs[16]; }</c>. Element i &lt; 16 is the low
/// nibble of qs[i], element i + 16 the high nibble; value = d · (nibble − 8). Dot products take Q8_0 activations.
/// </summary>
internal static unsafe class Q4_0
{
    public const int BlockSize = 32;
    public const int BlockBytes = 18;

    /// <summary>ggml's reference: d = (the element of largest magnitude) / −8, nibble = min(15, trunc(x / d + 8.5)).</summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> destination)
    {
        for (var b = 0; b < source.Length / BlockSize; b++)
        {
            var x = source.Slice(b * BlockSize, BlockSize);
            var block = destination.Slice(b * BlockBytes, BlockBytes);
            var max = 0f;
            var amax = 0f;
            foreach (var v in x)
            {
                if (MathF.Abs(v) > amax)
                {
                    amax = MathF.Abs(v);
                    max = v;
                }
            }

            var d = max / -8f;
            var id = d != 0 ? 1f / d : 0f;
            fixed (byte* p = block)
            {
                *(Half*)p = (Half)d;
            }

            for (var i = 0; i < 16; i++)
            {
                var lo = Math.Min(15, (int)((x[i] * id) + 8.5f));
                var hi = Math.Min(15, (int)((x[i + 16] * id) + 8.5f));
                block[2 + i] = (byte)(lo | (hi << 4));
            }
        }
    }

    public static void Dequantize(byte* source, float* destination, int count)
    {
        for (var b = 0; b < count / BlockSize; b++)
        {
            var block = source + (b * BlockBytes);
            var d = (float)*(Half*)block;
            var y = destination + (b * BlockSize);
            for (var i = 0; i < 16; i++)
            {
                y[i] = d * ((block[2 + i] & 0xF) - 8);
                y[i + 16] = d * ((block[2 + i] >> 4) - 8);
            }
        }
    }

    /// <summary>AVX2 <see cref="Dequantize"/>: bit-identical (the same float products d · (nibble − 8)).</summary>
    public static void DequantizeAvx2(byte* source, float* destination, int count)
    {
        var mask = Vector128.Create((byte)0xF);
        var eight = Vector128.Create((sbyte)8);
        var levels = stackalloc sbyte[BlockSize];
        for (var b = 0; b < count / BlockSize; b++)
        {
            var block = source + (b * BlockBytes);
            var packed = Sse2.LoadVector128(block + 2);
            Sse2.Store(levels, Sse2.Subtract((packed & mask).AsSByte(), eight));
            Sse2.Store(levels + 16, Sse2.Subtract((Sse2.ShiftRightLogical(packed.AsUInt16(), 4).AsByte() & mask).AsSByte(), eight));
            var d = Vector256.Create(HalfConvert.Lookup(block));
            var y = destination + (b * BlockSize);
            for (var k = 0; k < BlockSize; k += 8)
            {
                Avx.Store(y + k, Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(levels + k)) * d);
            }
        }
    }

    /// <summary>Scalar reference against Q8_0 activations.</summary>
    public static float DotScalar(byte* w, byte* x, int count)
    {
        var sum = 0f;
        for (var b = 0; b < count / BlockSize; b++)
        {
            var wb = w + (b * BlockBytes);
            var xb = x + (b * Q8_0.BlockBytes);
            var qx = (sbyte*)(xb + 2);
            var isum = 0;
            for (var i = 0; i < 16; i++)
            {
                isum += ((wb[2 + i] & 0xF) - 8) * qx[i];
                isum += ((wb[2 + i] >> 4) - 8) * qx[i + 16];
            }

            sum += (float)*(Half*)wb * (float)*(Half*)xb * isum;
        }

        return sum;
    }

    /// <summary>
    /// AVX2: the nibbles stay unsigned (0..15) so <c>vpmaddubsw</c> multiplies them with the signed activations
    /// directly; the −8 offset is folded in as 8·(x_{2j} + x_{2j+1}) subtracted from each int16 pair sum (no
    /// saturation: |15·x + 15·x| ≤ 3840). The integer block sums equal the scalar reference's exactly.
    /// </summary>
    public static float DotAvx2(byte* w, byte* x, int count)
    {
        var acc = Vector256<float>.Zero;
        var mask = Vector256.Create((byte)0xF);
        var eight = Vector256.Create((byte)8);
        for (var b = 0; b < count / BlockSize; b++)
        {
            var wb = w + (b * BlockBytes);
            var xb = x + (b * Q8_0.BlockBytes);
            var qx = Avx.LoadVector256((sbyte*)(xb + 2));
            var offset = Avx2.MultiplyAddAdjacent(eight, qx);
            var sums = BlockSums(wb, qx, offset, mask);
            var scale = Vector256.Create(HalfConvert.Lookup(wb) * HalfConvert.Lookup(xb));
            acc = Fma.MultiplyAdd(scale, Avx.ConvertToVector256Single(sums), acc);
        }

        return SimdInt8.HorizontalSum(acc);
    }

    /// <summary>
    /// AVX2, two weight rows (<paramref name="w"/> and <paramref name="w"/> + <paramref name="rowBytes"/>) against one
    /// activation row: each activation block is loaded, offset-summed and its scale converted once for both rows.
    /// y[0] and y[1] are bit-identical to <see cref="DotAvx2"/> of each row.
    /// </summary>
    public static void Dot2Avx2(byte* w, long rowBytes, byte* x, int count, float* y)
    {
        var acc0 = Vector256<float>.Zero;
        var acc1 = Vector256<float>.Zero;
        var mask = Vector256.Create((byte)0xF);
        var eight = Vector256.Create((byte)8);
        var w1 = w + rowBytes;
        for (var b = 0; b < count / BlockSize; b++)
        {
            var xb = x + (b * Q8_0.BlockBytes);
            var qx = Avx.LoadVector256((sbyte*)(xb + 2));
            var offset = Avx2.MultiplyAddAdjacent(eight, qx);
            var dx = HalfConvert.Lookup(xb);
            var wb0 = w + (b * BlockBytes);
            var wb1 = w1 + (b * BlockBytes);
            var sums0 = BlockSums(wb0, qx, offset, mask);
            var sums1 = BlockSums(wb1, qx, offset, mask);
            acc0 = Fma.MultiplyAdd(Vector256.Create(HalfConvert.Lookup(wb0) * dx), Avx.ConvertToVector256Single(sums0), acc0);
            acc1 = Fma.MultiplyAdd(Vector256.Create(HalfConvert.Lookup(wb1) * dx), Avx.ConvertToVector256Single(sums1), acc1);
        }

        y[0] = SimdInt8.HorizontalSum(acc0);
        y[1] = SimdInt8.HorizontalSum(acc1);
    }

    /// <summary>Eight int32 partial sums of (nibble − 8)·x over one block; <paramref name="offset"/> = vpmaddubsw(8, x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> BlockSums(byte* wb, Vector256<sbyte> qx, Vector256<short> offset, Vector256<byte> mask)
    {
        var packed = Sse2.LoadVector128(wb + 2);
        var nibbles = Vector256.Create(packed, Sse2.ShiftRightLogical(packed.AsUInt16(), 4).AsByte()) & mask;
        var pairs = Avx2.Subtract(Avx2.MultiplyAddAdjacent(nibbles, qx), offset);
        return Avx2.MultiplyAddAdjacent(pairs, Vector256<short>.One);
    }
}
