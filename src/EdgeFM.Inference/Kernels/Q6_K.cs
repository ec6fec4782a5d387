using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// ggml <c>block_q6_K</c>: 256 elements in 210 bytes, <c>{ uint8 ql[128]; uint8 qh[64]; int8 scales[16]; half d; }</c>.
/// Each element is a 6-bit q (low 4 bits in ql, high 2 in qh); value = d · scales[e / 16] · (q − 32).
/// Per 128-element half: element l (0..31) takes ql[l] low, l+32 ql[l+32] low, l+64 ql[l] high, l+96 ql[l+32] high
/// nibble, and bit pairs 0-1, 2-3, 4-5, 6-7 of qh[l] respectively. Dot products take <see cref="Q8_K"/> activations.
/// </summary>
internal static unsafe class Q6_K
{
    public const int BlockSize = 256;
    public const int BlockBytes = 210;
    private const int QhOffset = 128;
    private const int ScalesOffset = 192;
    private const int DOffset = 208;

    /// <summary>
    /// Round-to-nearest quantization: each 16-element sub-block's scale maps its largest-magnitude element to −32;
    /// the sub-block scales are quantized to int8 against d (ggml's layout and first-pass rule; ggml's reference
    /// additionally refines scales).
    /// </summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> destination)
    {
        Span<float> scales = stackalloc float[16];
        Span<byte> levels = stackalloc byte[BlockSize];
        for (var b = 0; b < source.Length / BlockSize; b++)
        {
            var x = source.Slice(b * BlockSize, BlockSize);
            var block = destination.Slice(b * BlockBytes, BlockBytes);
            var maxScale = 0f;
            for (var s = 0; s < 16; s++)
            {
                scales[s] = -LargestMagnitude(x.Slice(16 * s, 16)) / 32f;
                if (MathF.Abs(scales[s]) > MathF.Abs(maxScale))
                {
                    maxScale = scales[s];
                }
            }

            var iscale = maxScale != 0 ? -128f / maxScale : 0f;
            var d = (Half)(maxScale != 0 ? 1f / iscale : 0f);
            for (var s = 0; s < 16; s++)
            {
                var qs = (sbyte)Math.Clamp((int)MathF.Round(iscale * scales[s], MidpointRounding.AwayFromZero), -128, 127);
                block[ScalesOffset + s] = (byte)qs;
                var step = (float)d * qs;
                for (var i = 0; i < 16; i++)
                {
                    var l = step != 0 ? (int)MathF.Round(x[(16 * s) + i] / step, MidpointRounding.AwayFromZero) : 0;
                    levels[(16 * s) + i] = (byte)(Math.Clamp(l, -32, 31) + 32);
                }
            }

            for (var h = 0; h < 2; h++)
            {
                var ql = block.Slice(64 * h, 64);
                var qh = block.Slice(QhOffset + (32 * h), 32);
                var lv = levels.Slice(128 * h, 128);
                for (var l = 0; l < 32; l++)
                {
                    ql[l] = (byte)((lv[l] & 0xF) | ((lv[l + 64] & 0xF) << 4));
                    ql[l + 32] = (byte)((lv[l + 32] & 0xF) | ((lv[l + 96] & 0xF) << 4));
                    qh[l] = (byte)((lv[l] >> 4) | ((lv[l + 32] >> 4) << 2) | ((lv[l + 64] >> 4) << 4) | ((lv[l + 96] >> 4) << 6));
                }
            }

            fixed (byte* p = block)
            {
                *(Half*)(p + DOffset) = d;
            }
        }
    }

    private static float LargestMagnitude(ReadOnlySpan<float> x)
    {
        var max = 0f;
        foreach (var v in x)
        {
            if (MathF.Abs(v) > MathF.Abs(max))
            {
                max = v;
            }
        }

        return max;
    }

    /// <summary>The 6-bit level (0..63) of element <paramref name="e"/> of a block.</summary>
    private static int Level(byte* block, int e)
    {
        var h = e / 128;
        var l = e % 32;
        var quarter = (e % 128) / 32;
        var ql = block + (64 * h) + l + ((quarter & 1) * 32);
        var low = quarter < 2 ? *ql & 0xF : *ql >> 4;
        var high = (block[QhOffset + (32 * h) + l] >> (2 * quarter)) & 3;
        return low | (high << 4);
    }

    public static void Dequantize(byte* source, float* destination, int count)
    {
        for (var b = 0; b < count / BlockSize; b++)
        {
            var block = source + (b * BlockBytes);
            var d = (float)*(Half*)(block + DOffset);
            var scales = (sbyte*)(block + ScalesOffset);
            for (var e = 0; e < BlockSize; e++)
            {
                destination[(b * BlockSize) + e] = d * scales[e / 16] * (Level(block, e) - 32);
            }
        }
    }

    /// <summary>Scalar reference against Q8_K activations.</summary>
    public static float DotScalar(byte* w, byte* x, int count)
    {
        var sum = 0f;
        for (var b = 0; b < count / BlockSize; b++)
        {
            var wb = w + (b * BlockBytes);
            var xb = x + (b * Q8_K.BlockBytes);
            var scales = (sbyte*)(wb + ScalesOffset);
            var qx = (sbyte*)(xb + Q8_K.QsOffset);
            var isum = 0;
            for (var e = 0; e < BlockSize; e++)
            {
                isum += scales[e / 16] * (Level(wb, e) - 32) * qx[e];
            }

            sum += *(float*)xb * (float)*(Half*)(wb + DOffset) * isum;
        }

        return sum;
    }

    /// <summary>
    /// AVX2: levels 0..63 rebuilt from ql/qh as unsigned bytes × signed Q8_K bytes via vpmaddubsw (|sum| ≤ 2·63·128),
    /// weighted by the int8 sub-block scales in vpmaddwd; the −32 offset acts through the activations' 16-sums.
    /// </summary>
    public static float DotAvx2(byte* w, byte* x, int count)
    {
        var low4 = Vector256.Create((byte)0xF);
        var three = Vector256.Create((byte)3);
        var sum = 0f;
        for (var b = 0; b < count / BlockSize; b++)
        {
            var wb = w + (b * BlockBytes);
            var xb = x + (b * Q8_K.BlockBytes);
            var scales = (sbyte*)(wb + ScalesOffset);
            var bsums = (short*)(xb + Q8_K.BsumsOffset);
            var offset = 0;
            for (var s = 0; s < 16; s++)
            {
                offset += scales[s] * bsums[s];
            }

            var qx = (sbyte*)(xb + Q8_K.QsOffset);
            var sumi = Vector256<int>.Zero;
            for (var h = 0; h < 2; h++)
            {
                var ql0 = Avx.LoadVector256(wb + (64 * h));
                var ql1 = Avx.LoadVector256(wb + (64 * h) + 32);
                var qh = Avx.LoadVector256(wb + QhOffset + (32 * h)).AsUInt16();
                var q0 = (ql0 & low4) | HighBits(qh, 0, three);
                var q1 = (ql1 & low4) | HighBits(qh, 2, three);
                var q2 = (Avx2.ShiftRightLogical(ql0.AsUInt16(), 4).AsByte() & low4) | HighBits(qh, 4, three);
                var q3 = (Avx2.ShiftRightLogical(ql1.AsUInt16(), 4).AsByte() & low4) | HighBits(qh, 6, three);
                var sc = scales + (8 * h);
                var xh = qx + (128 * h);
                sumi += Scaled(q0, Avx.LoadVector256(xh), sc[0], sc[1]);
                sumi += Scaled(q1, Avx.LoadVector256(xh + 32), sc[2], sc[3]);
                sumi += Scaled(q2, Avx.LoadVector256(xh + 64), sc[4], sc[5]);
                sumi += Scaled(q3, Avx.LoadVector256(xh + 96), sc[6], sc[7]);
            }

            var scale = *(float*)xb * HalfConvert.ToSingle(wb + DOffset);
            sum += scale * (Vector256.Sum(sumi) - (32 * offset));
        }

        return sum;
    }

    /// <summary>Bits <paramref name="shift"/>, +1 of each qh byte moved to bits 4-5 (the level's high part).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> HighBits(Vector256<ushort> qh, [ConstantExpected] byte shift, Vector256<byte> three)
    {
        var bits = Avx2.ShiftRightLogical(qh, shift).AsByte() & three;
        return Avx2.ShiftLeftLogical(bits.AsUInt16(), 4).AsByte();
    }

    /// <summary>Σ over 32 elements of q·x·scale, the first 16 with scale <paramref name="s0"/>, the rest with <paramref name="s1"/>.</summary>
    private static Vector256<int> Scaled(Vector256<byte> q, Vector256<sbyte> x, sbyte s0, sbyte s1)
    {
        var pairs = Avx2.MultiplyAddAdjacent(q, x);
        var scales = Vector256.Create(Vector128.Create((short)s0), Vector128.Create((short)s1));
        return Avx2.MultiplyAddAdjacent(pairs, scales);
    }
}
