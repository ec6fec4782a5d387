using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// Q4_0 weights repacked for AVX2 mat-vec: the blocks of eight consecutive rows (a group) interleaved so that one
/// 256-bit load holds four bytes (eight nibbles) of each of the eight rows, and the eight rows' scales sit side by
/// side. A group occupies exactly the bytes its eight row-major rows did, so a repacked matrix has the file's size and
/// row r ≥ 8·⌊rows / 8⌋ (the tail) stays row-major at its usual offset.
/// </summary>
/// <remarks>
/// <para>Group layout, block b at <c>group + b · 144</c>: bytes [0, 16) are the eight rows' f16 scales (row k at 2k);
/// bytes [16 + 32j, 48 + 32j) for j &lt; 4 hold, at 4k, bytes 4j..4j+3 of row k's 16 packed bytes, whose low
/// nibbles are elements 4j..4j+3 and high nibbles elements 16+4j..16+4j+3.</para>
/// <para>Why: the row-major kernel spends four of its ten vector operations per row and block on the scale (look-up,
/// broadcast, multiply) and on converting and accumulating that block alone. Here eight rows share one scale
/// conversion (eight halves widened at once), one int → float conversion and one FMA per block, and the int16 pair
/// sums of a whole block are added before the single <c>vpmaddwd</c>, which is about a third of the operations per
/// row and block. Each group is also one sequential stream of memory instead of eight.</para>
/// </remarks>
internal static unsafe partial class Q4_0x8
{
    /// <summary>Rows per group.</summary>
    public const int Rows = 8;

    /// <summary>Bytes of one block of a group: eight rows × 18.</summary>
    public const int GroupBlockBytes = Rows * Q4_0.BlockBytes;

    /// <summary>Bytes per block of the activation side data <see cref="PrepareActivation"/> writes.</summary>
    public const int AuxBlockBytes = 8;

    // How far ahead of the block being computed the kernel prefetches: a chunk's groups are one sequential stream, but
    // one core's hardware prefetcher alone keeps too few lines in flight to stream from DRAM at this kernel's rate
    // (decode of the stories110M-shape model on 2 threads, medians of 3: no prefetch 202, 1 KiB 212, 2 KiB 220 tok/s).
    private const int PrefetchBytesAhead = 2048;

    // 2^112: a half's exponent and mantissa shifted into float position and multiplied by this are the half's value.
    private const float HalfRescale = 5.192296858534828e33f;

    /// <summary>
    /// True when every scale in the row-major Q4_0 rows [0, <paramref name="rows"/>) is finite. The AVX2 kernel widens
    /// scales by bit manipulation that is exact for finite halves only, so a matrix with an infinite or NaN scale
    /// (which no quantizer writes) is left row-major.
    /// </summary>
    public static bool ScalesFinite(byte* w, long rowBytes, int rows, int columns)
    {
        var blocks = columns / Q4_0.BlockSize;
        for (var r = 0; r < rows; r++)
        {
            var row = w + (r * rowBytes);
            for (var b = 0; b < blocks; b++)
            {
                if ((*(ushort*)(row + (b * Q4_0.BlockBytes)) & 0x7C00) == 0x7C00)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Interleaves the eight row-major rows at <paramref name="rows"/> (<paramref name="rowBytes"/> apart) into the group
    /// layout at <paramref name="group"/> (8 · rowBytes bytes; must not overlap the rows).
    /// </summary>
    public static void Pack(byte* rows, long rowBytes, int columns, byte* group)
    {
        var blocks = columns / Q4_0.BlockSize;
        for (var b = 0; b < blocks; b++)
        {
            var g = group + (b * GroupBlockBytes);
            for (var k = 0; k < Rows; k++)
            {
                var source = rows + (k * rowBytes) + (b * Q4_0.BlockBytes);
                *(ushort*)(g + (2 * k)) = *(ushort*)source;
                for (var j = 0; j < 4; j++)
                {
                    *(uint*)(g + 16 + (32 * j) + (4 * k)) = *(uint*)(source + 2 + (4 * j));
                }
            }
        }
    }

    /// <summary>
    /// Interleaves every whole group of eight of the row-major rows [0, <paramref name="rows"/>) at
    /// <paramref name="w"/> in place (each group through a copy of itself); tail rows stay row-major.
    /// </summary>
    public static void PackInPlace(byte* w, long rowBytes, int rows, int columns)
    {
        var groupBytes = Rows * rowBytes;
        var copy = (byte*)NativeMemory.Alloc((nuint)groupBytes);
        try
        {
            for (var r = 0; r + Rows <= rows; r += Rows)
            {
                var group = w + (r * rowBytes);
                Buffer.MemoryCopy(group, copy, groupBytes, groupBytes);
                Pack(copy, rowBytes, columns, group);
            }
        }
        finally
        {
            NativeMemory.Free(copy);
        }
    }

    /// <summary>
    /// Dequantizes blocks [<paramref name="firstBlock"/>, <paramref name="firstBlock"/> + <paramref name="blocks"/>)
    /// of the group at <paramref name="group"/>: row k's 32 · blocks floats go to <c>destination + k · rowStride</c>.
    /// Bit-identical to undoing <see cref="Pack"/> and <see cref="Q4_0.Dequantize"/> of each row (the same float
    /// products d · (nibble − 8)); AVX2.
    /// </summary>
    public static void DequantizeAvx2(byte* group, int firstBlock, int blocks, float* destination, long rowStride)
    {
        var scales = stackalloc float[Rows];
        for (var b = 0; b < blocks; b++)
        {
            var g = group + ((firstBlock + b) * GroupBlockBytes);
            Avx.Store(scales, HalfConvert.ToSingle8(g));

            // A 4 × 8 dword transpose: chunk j holds bytes 4j..4j+3 of every row; afterwards the low 128-bit lane of
            // r_k holds row k's 16 packed bytes in file order and the high lane row k + 4's.
            var c0 = Avx.LoadVector256(g + 16).AsInt32();
            var c1 = Avx.LoadVector256(g + 48).AsInt32();
            var c2 = Avx.LoadVector256(g + 80).AsInt32();
            var c3 = Avx.LoadVector256(g + 112).AsInt32();
            var t0 = Avx2.UnpackLow(c0, c1).AsInt64();
            var t1 = Avx2.UnpackHigh(c0, c1).AsInt64();
            var t2 = Avx2.UnpackLow(c2, c3).AsInt64();
            var t3 = Avx2.UnpackHigh(c2, c3).AsInt64();
            var y = destination + (b * Q4_0.BlockSize);
            Row(Avx2.UnpackLow(t0, t2).AsByte(), 0, scales, y, rowStride);
            Row(Avx2.UnpackHigh(t0, t2).AsByte(), 1, scales, y, rowStride);
            Row(Avx2.UnpackLow(t1, t3).AsByte(), 2, scales, y, rowStride);
            Row(Avx2.UnpackHigh(t1, t3).AsByte(), 3, scales, y, rowStride);
        }
    }

    /// <summary>Writes rows k (low lane of <paramref name="packed"/>) and k + 4 (high lane) of one block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row(Vector256<byte> packed, int k, float* scales, float* y, long rowStride)
    {
        Q4_0.DequantizeBlockAvx2(packed.GetLower(), scales[k], y + (k * rowStride));
        Q4_0.DequantizeBlockAvx2(packed.GetUpper(), scales[k + 4], y + ((k + 4) * rowStride));
    }

    /// <summary>
    /// Writes, per Q8_0 block of the activation row <paramref name="x"/>, the side data the AVX2 kernel needs: the
    /// block's scale times 2^112 (float) and 8 · Σ q (int32, the −8 nibble offset's share of the block's dot product).
    /// </summary>
    public static void PrepareActivation(byte* x, int columns, byte* aux)
    {
        var table = HalfConvert.Table;
        var blocks = columns / Q8_0.BlockSize;
        var flip = Vector256.Create((byte)0x80);
        for (var b = 0; b < blocks; b++)
        {
            var xb = x + (b * Q8_0.BlockBytes);
            int sum;
            if (Avx2.IsSupported)
            {
                // Σ q over signed bytes as Σ (q + 128) − 32 · 128, the unsigned sum from vpsadbw against zero.
                var sad = Avx2.SumAbsoluteDifferences(Avx.LoadVector256(xb + 2) ^ flip, Vector256<byte>.Zero).AsInt64();
                var halves = sad.GetLower() + sad.GetUpper();
                sum = (int)(halves.ToScalar() + halves.GetElement(1)) - (32 * 128);
            }
            else
            {
                sum = 0;
                for (var i = 0; i < Q8_0.BlockSize; i++)
                {
                    sum += ((sbyte*)(xb + 2))[i];
                }
            }

            *(float*)(aux + (b * AuxBlockBytes)) = table[*(ushort*)xb] * HalfRescale;
            *(int*)(aux + (b * AuxBlockBytes) + 4) = 8 * sum;
        }
    }

    /// <summary>
    /// Scalar reference: y[k] = Σ_b d_w(k, b) · d_x(b) · Σ_i (nibble(k, b, i) − 8) · q_x(b, i) for the eight rows of
    /// the group at <paramref name="group"/> against the Q8_0 activation row <paramref name="x"/>.
    /// </summary>
    public static void DotScalar(byte* group, byte* x, int columns, float* y)
    {
        var blocks = columns / Q4_0.BlockSize;
        for (var k = 0; k < Rows; k++)
        {
            var sum = 0f;
            for (var b = 0; b < blocks; b++)
            {
                var g = group + (b * GroupBlockBytes);
                var xb = x + (b * Q8_0.BlockBytes);
                var qx = (sbyte*)(xb + 2);
                var isum = 0;
                for (var i = 0; i < 16; i++)
                {
                    var packed = g[16 + (32 * (i / 4)) + (4 * k) + (i % 4)];
                    isum += ((packed & 0xF) - 8) * qx[i];
                    isum += ((packed >> 4) - 8) * qx[i + 16];
                }

                sum += HalfConvert.ToSingle(g + (2 * k)) * HalfConvert.ToSingle(xb) * isum;
            }

            y[k] = sum;
        }
    }

    /// <summary>
    /// AVX2 <see cref="DotScalar"/> with <paramref name="aux"/> from <see cref="PrepareActivation"/>. The integer
    /// block sums are exact and each row's scale product d_w · d_x is the same float as the reference's; only the
    /// accumulation is fused (one rounding instead of two per block). Requires finite weight scales
    /// (<see cref="ScalesFinite"/>).
    /// </summary>
    public static void DotAvx2(byte* group, byte* x, byte* aux, int columns, float* y)
    {
        var mask = Vector256.Create((byte)0x0F);
        var keep = Vector256.Create(unchecked((int)0x8FFF_FFFF));
        var acc = Vector256<float>.Zero;
        var blocks = columns / Q4_0.BlockSize;
        for (var b = 0; b < blocks; b++)
        {
            var g = group + (b * GroupBlockBytes);
            SimdInt8.Prefetch(g + PrefetchBytesAhead, GroupBlockBytes);

            var q = (int*)(x + (b * Q8_0.BlockBytes) + 2);

            // Each int16 lane sums two nibble · activation products (≤ 2 · 15 · 128 in magnitude); eight such
            // additions stay within ±30,720, so the whole block is summed in int16 before one vpmaddwd.
            var s = Pair(Avx.LoadVector256(g + 16), q, 0, mask);
            s += Pair(Avx.LoadVector256(g + 48), q, 1, mask);
            s += Pair(Avx.LoadVector256(g + 80), q, 2, mask);
            s += Pair(Avx.LoadVector256(g + 112), q, 3, mask);
            var a = aux + (b * AuxBlockBytes);
            var sums = Avx2.MultiplyAddAdjacent(s, Vector256<short>.One) - Avx2.BroadcastScalarToVector256((int*)(a + 4));

            var scales = WeightScales(g, keep) * Avx.BroadcastScalarToVector256((float*)a);
            acc = Fma.MultiplyAdd(scales, Avx.ConvertToVector256Single(sums), acc);
        }

        Avx.Store(y, acc);
    }

    /// <summary>
    /// The group block's eight half scales d_w as floats times 2^-112 (times d_x · 2^112 from the aux data, this is
    /// d_w · d_x): sign-extended to int32 and shifted, bits 13..27 take the half's exponent and mantissa, bit 31 its
    /// sign, and <paramref name="keep"/> (0x8FFF_FFFF) clears the copies of the sign in bits 28..30.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> WeightScales(byte* g, Vector256<int> keep) =>
        (Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32((short*)g), 13) & keep).AsSingle();

    /// <summary>The int16 pair sums of one 32-byte chunk j: low nibbles times q[4j..4j+3], high times q[16+4j..].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Pair(Vector256<byte> packed, int* q, int j, Vector256<byte> mask)
    {
        var low = Avx2.MultiplyAddAdjacent(packed & mask, Avx2.BroadcastScalarToVector256(q + j).AsSByte());
        var high = Avx2.MultiplyAddAdjacent(Avx2.ShiftRightLogical(packed.AsUInt16(), 4).AsByte() & mask, Avx2.BroadcastScalarToVector256(q + 4 + j).AsSByte());
        return low + high;
    }
}
