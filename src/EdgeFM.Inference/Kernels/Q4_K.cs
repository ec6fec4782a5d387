using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// ggml <c>block_q4_K</c>: 256 elements in 144 bytes, <c>{ half d; half dmin; uint8 scales[12]; uint8 qs[128]; }</c>.
/// Eight sub-blocks of 32 each have a 6-bit scale s_j and 6-bit min m_j packed in <c>scales</c>;
/// value = d · s_j · q − dmin · m_j with q a 4-bit nibble. Each 32 bytes of qs hold sub-block 2k in the low
/// nibbles and sub-block 2k+1 in the high nibbles. Dot products take <see cref="Q8_K"/> activations.
/// </summary>
internal static unsafe class Q4_K
{
    public const int BlockSize = 256;
    public const int BlockBytes = 144;

    /// <summary>Unpacks the eight 6-bit scales and mins (ggml's <c>get_scale_min_k4</c>).</summary>
    public static void UnpackScales(byte* packed, byte* scales, byte* mins)
    {
        for (var j = 0; j < 4; j++)
        {
            scales[j] = (byte)(packed[j] & 63);
            mins[j] = (byte)(packed[j + 4] & 63);
        }

        for (var j = 4; j < 8; j++)
        {
            scales[j] = (byte)((packed[j + 4] & 0xF) | ((packed[j - 4] >> 6) << 4));
            mins[j] = (byte)((packed[j + 4] >> 4) | ((packed[j] >> 6) << 4));
        }
    }

    /// <summary>
    /// Round-to-nearest quantization: each sub-block maps [min(0, min x), max x] onto 0..15; the sub-block scales
    /// and mins are then quantized to 6 bits against the super-block's d and dmin (ggml's layout; ggml's reference
    /// additionally searches for better scales, which changes accuracy but not the format).
    /// </summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> destination)
    {
        Span<float> scales = stackalloc float[8];
        Span<float> mins = stackalloc float[8];
        for (var b = 0; b < source.Length / BlockSize; b++)
        {
            var x = source.Slice(b * BlockSize, BlockSize);
            var maxScale = 0f;
            var maxMin = 0f;
            for (var j = 0; j < 8; j++)
            {
                var sub = x.Slice(32 * j, 32);
                var lo = 0f;
                var hi = float.MinValue;
                foreach (var v in sub)
                {
                    lo = MathF.Min(lo, v);
                    hi = MathF.Max(hi, v);
                }

                scales[j] = (hi - lo) / 15f;
                mins[j] = -lo;
                maxScale = MathF.Max(maxScale, scales[j]);
                maxMin = MathF.Max(maxMin, mins[j]);
            }

            fixed (byte* block = destination.Slice(b * BlockBytes, BlockBytes))
            {
                QuantizeBlock(x, block, scales, mins, maxScale, maxMin);
            }
        }
    }

    private static void QuantizeBlock(ReadOnlySpan<float> x, byte* block, Span<float> scales, Span<float> mins, float maxScale, float maxMin)
    {
        var invScale = maxScale > 0 ? 63f / maxScale : 0f;
        var invMin = maxMin > 0 ? 63f / maxMin : 0f;
        var packed = block + 4;
        new Span<byte>(packed, 12).Clear();
        for (var j = 0; j < 8; j++)
        {
            var ls = Math.Min(63, (int)MathF.Round(invScale * scales[j], MidpointRounding.AwayFromZero));
            var lm = Math.Min(63, (int)MathF.Round(invMin * mins[j], MidpointRounding.AwayFromZero));
            if (j < 4)
            {
                packed[j] = (byte)ls;
                packed[j + 4] = (byte)lm;
            }
            else
            {
                packed[j + 4] = (byte)((ls & 0xF) | ((lm & 0xF) << 4));
                packed[j - 4] |= (byte)((ls >> 4) << 6);
                packed[j] |= (byte)((lm >> 4) << 6);
            }
        }

        var d = (Half)(maxScale / 63f);
        var dmin = (Half)(maxMin / 63f);
        *(Half*)block = d;
        *(Half*)(block + 2) = dmin;

        var sc = stackalloc byte[8];
        var mn = stackalloc byte[8];
        UnpackScales(packed, sc, mn);
        var levels = stackalloc byte[BlockSize];
        for (var j = 0; j < 8; j++)
        {
            var step = (float)d * sc[j];
            var offset = (float)dmin * mn[j];
            for (var i = 0; i < 32; i++)
            {
                var l = step != 0 ? (int)MathF.Round((x[(32 * j) + i] + offset) / step, MidpointRounding.AwayFromZero) : 0;
                levels[(32 * j) + i] = (byte)Math.Clamp(l, 0, 15);
            }
        }

        var qs = block + 16;
        for (var k = 0; k < 4; k++)
        {
            for (var i = 0; i < 32; i++)
            {
                qs[(32 * k) + i] = (byte)(levels[(64 * k) + i] | (levels[(64 * k) + 32 + i] << 4));
            }
        }
    }

    public static void Dequantize(byte* source, float* destination, int count)
    {
        var sc = stackalloc byte[8];
        var mn = stackalloc byte[8];
        for (var b = 0; b < count / BlockSize; b++)
        {
            var block = source + (b * BlockBytes);
            var d = (float)*(Half*)block;
            var dmin = (float)*(Half*)(block + 2);
            UnpackScales(block + 4, sc, mn);
            var qs = block + 16;
            var y = destination + (b * BlockSize);
            for (var k = 0; k < 4; k++)
            {
                for (var i = 0; i < 32; i++)
                {
                    var q = qs[(32 * k) + i];
                    y[(64 * k) + i] = (d * sc[2 * k] * (q & 0xF)) - (dmin * mn[2 * k]);
                    y[(64 * k) + 32 + i] = (d * sc[(2 * k) + 1] * (q >> 4)) - (dmin * mn[(2 * k) + 1]);
                }
            }
        }
    }

    /// <summary>Scalar reference against Q8_K activations.</summary>
    public static float DotScalar(byte* w, byte* x, int count)
    {
        var sc = stackalloc byte[8];
        var mn = stackalloc byte[8];
        var sum = 0f;
        for (var b = 0; b < count / BlockSize; b++)
        {
            var wb = w + (b * BlockBytes);
            var xb = x + (b * Q8_K.BlockBytes);
            UnpackScales(wb + 4, sc, mn);
            var qs = wb + 16;
            var qx = (sbyte*)(xb + Q8_K.QsOffset);
            var scaled = 0;
            var offsets = 0;
            for (var j = 0; j < 8; j++)
            {
                var k = j / 2;
                var shift = (j % 2) * 4;
                var isum = 0;
                var xsum = 0;
                for (var i = 0; i < 32; i++)
                {
                    isum += ((qs[(32 * k) + i] >> shift) & 0xF) * qx[(32 * j) + i];
                    xsum += qx[(32 * j) + i];
                }

                scaled += sc[j] * isum;
                offsets += mn[j] * xsum;
            }

            var dx = *(float*)xb;
            sum += (dx * (float)*(Half*)wb * scaled) - (dx * (float)*(Half*)(wb + 2) * offsets);
        }

        return sum;
    }

    /// <summary>
    /// AVX2: unsigned nibbles × signed Q8_K bytes via vpmaddubsw (|sum| ≤ 2·15·127), weighted by the 6-bit scales in
    /// vpmaddwd; the mins act through the activations' 16-element sums, never per element.
    /// </summary>
    public static float DotAvx2(byte* w, byte* x, int count)
    {
        var sc = stackalloc byte[8];
        var mn = stackalloc byte[8];
        var mask = Vector256.Create((byte)0xF);
        var acc = Vector256<float>.Zero;
        var minSum = 0f;
        for (var b = 0; b < count / BlockSize; b++)
        {
            var wb = w + (b * BlockBytes);
            var xb = x + (b * Q8_K.BlockBytes);
            UnpackScales(wb + 4, sc, mn);
            var bsums = (short*)(xb + Q8_K.BsumsOffset);
            var offsets = 0;
            for (var j = 0; j < 8; j++)
            {
                offsets += mn[j] * (bsums[2 * j] + bsums[(2 * j) + 1]);
            }

            var qs = wb + 16;
            var qx = (sbyte*)(xb + Q8_K.QsOffset);
            var sumi = Vector256<int>.Zero;
            for (var k = 0; k < 4; k++)
            {
                var packed = Avx.LoadVector256(qs + (32 * k));
                var lo = packed & mask;
                var hi = Avx2.ShiftRightLogical(packed.AsUInt16(), 4).AsByte() & mask;
                var plo = Avx2.MultiplyAddAdjacent(lo, Avx.LoadVector256(qx + (64 * k)));
                var phi = Avx2.MultiplyAddAdjacent(hi, Avx.LoadVector256(qx + (64 * k) + 32));
                sumi += Avx2.MultiplyAddAdjacent(plo, Vector256.Create((short)sc[2 * k]));
                sumi += Avx2.MultiplyAddAdjacent(phi, Vector256.Create((short)sc[(2 * k) + 1]));
            }

            var dx = *(float*)xb;
            acc = Fma.MultiplyAdd(Vector256.Create(dx * HalfConvert.ToSingle(wb)), Avx.ConvertToVector256Single(sumi), acc);
            minSum += dx * HalfConvert.ToSingle(wb + 2) * offsets;
        }

        return SimdInt8.HorizontalSum(acc) - minSum;
    }
}
