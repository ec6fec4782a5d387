using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// Float32 mat-mat (<c>y[i, r] = Σ_c W[r, c] · x[i, c]</c>) in outer-product GEMM form. The activations are packed once
/// per call into panels of <see cref="PanelRows"/> rows interleaved along the reduction dimension (element (c, j) of a
/// panel at <c>c · 16 + j</c>), so one 256-bit load holds column c of 8 activation rows. The register tile is
/// 6 weight rows × 16 activation rows: per column, 2 panel loads and 6 weight broadcasts feed 12 independent FMA
/// accumulators (12 + 2 + 1 of AVX2's 16 registers), with no horizontal sums. The weights are read in place (the model
/// file's memory is never copied or repacked).
/// </summary>
/// <remarks>
/// Blocking: the reduction dimension is cut into blocks of <see cref="Depth"/> columns, so a 16 × Depth panel block
/// (16 KiB) stays in L1 while every 6-row weight group of the chunk passes over it, and the chunk's weights for one
/// block (rows × Depth floats) stay in L2 while every panel passes over them.
/// </remarks>
internal static unsafe partial class F32Gemm
{
    /// <summary>Activation rows per packed panel (two Vector256).</summary>
    public const int PanelRows = 16;

    /// <summary>Weight rows per register tile.</summary>
    public const int TileRows = 6;

    /// <summary>Columns per reduction block.</summary>
    public const int Depth = 512;

    /// <summary>Weight rows per work chunk are a multiple of this (of <see cref="TileRows"/> and of a 64-byte line of y).</summary>
    public const int ChunkQuantum = 48;

    /// <summary>Number of panels n activation rows occupy.</summary>
    public static int Panels(int n) => (n + PanelRows - 1) / PanelRows;

    /// <summary>Floats <see cref="Pack"/> writes for n rows of <paramref name="columns"/>.</summary>
    public static long PackedFloats(int n, int columns) => (long)Panels(n) * PanelRows * columns;

    /// <summary>
    /// Weight rows per work chunk: a multiple of <see cref="ChunkQuantum"/>, about four chunks per thread, and at most
    /// ~192 KiB of one reduction block's weights so they stay in L2.
    /// </summary>
    public static int RowsPerChunk(int rows, int columns, int threads)
    {
        var wanted = RoundUp(Math.Max(1, rows / (threads * 4)), ChunkQuantum);
        var fitL2 = Math.Max(ChunkQuantum, 192 * 1024 / (Math.Max(1, Math.Min(columns, Depth)) * sizeof(float)) / ChunkQuantum * ChunkQuantum);
        return Math.Min(wanted, fitL2);
    }

    /// <summary>
    /// Packs <paramref name="n"/> row-major activation rows of <paramref name="columns"/> floats into panels:
    /// row <c>16p + j</c>, column c goes to <c>packed[p · 16 · columns + c · 16 + j]</c>; rows past n are zero.
    /// </summary>
    public static void Pack(float* x, int n, int columns, float* packed)
    {
        for (var p = 0; p < Panels(n); p++)
        {
            var panel = packed + ((long)p * PanelRows * columns);
            var rows = Math.Min(PanelRows, n - (p * PanelRows));
            var c = 0;
            if (Avx.IsSupported && rows == PanelRows)
            {
                for (; c + 8 <= columns; c += 8)
                {
                    Transpose8x8(x + ((long)p * PanelRows * columns) + c, columns, panel + (c * PanelRows));
                    Transpose8x8(x + ((((long)p * PanelRows) + 8) * columns) + c, columns, panel + (c * PanelRows) + 8);
                }
            }

            for (; c < columns; c++)
            {
                for (var j = 0; j < PanelRows; j++)
                {
                    panel[(c * PanelRows) + j] = j < rows ? x[((((long)p * PanelRows) + j) * columns) + c] : 0f;
                }
            }
        }
    }

    /// <summary>
    /// <c>y[i · yStride + r] = Σ_c w[r · wStride + c] · x_i[c]</c> for weight rows r in [<paramref name="rowStart"/>,
    /// <paramref name="rowEnd"/>) and i &lt; n, with the activations packed by <see cref="Pack"/>. AVX2 + FMA, and the
    /// 512-bit tiles when <paramref name="wide"/> (default: <see cref="WideSupported"/>).
    /// </summary>
    public static void Multiply(float* w, long wStride, int rowStart, int rowEnd, float* packed, int n, int columns, float* y, long yStride, bool? wide = null)
    {
        if (columns == 0)
        {
            for (var i = 0; i < n; i++)
            {
                new Span<float>(y + (i * yStride) + rowStart, rowEnd - rowStart).Clear();
            }

            return;
        }

        for (var k0 = 0; k0 < columns; k0 += Depth)
        {
            MultiplyBlock(w + (rowStart * wStride), wStride, rowEnd - rowStart, packed, n, columns, k0, Math.Min(columns, k0 + Depth), y + rowStart, yStride, wide);
        }
    }

    /// <summary>
    /// One reduction block: <c>y[i · yStride + r] (+)= Σ_{c ∈ [k0, k1)} w[r · wStride + c] · x_i[c]</c> for r &lt;
    /// <paramref name="rows"/>, i &lt; n; the first block (k0 = 0) stores, later blocks add. Element c of weight row r
    /// is read at <c>w + r · wStride + c</c> (c counted from the start of the row, not of the block). With
    /// <paramref name="wide"/> (default: <see cref="WideSupported"/>) whole groups of 12 rows run the 512-bit tiles,
    /// two panels at a time; every output is the same sequence of FMAs over c either way, so the results are
    /// bit-identical.
    /// </summary>
    public static void MultiplyBlock(float* w, long wStride, int rows, float* packed, int n, int columns, int k0, int k1, float* y, long yStride, bool? wide = null)
    {
        // The one-row tile spills its accumulators here; allocated by the caller so no call sits inside a tile (every
        // vector register is caller-saved, so a call after the loop would make the JIT keep the accumulators in memory).
        var tile = stackalloc float[PanelRows];
        var accumulate = k0 > 0;
        var wideRows = (wide ?? WideSupported) ? rows / WideTileRows * WideTileRows : 0;
        var panels = Panels(n);
        for (var p = 0; p < panels;)
        {
            var panel = packed + ((long)p * PanelRows * columns);
            var valid = Math.Min(PanelRows, n - (p * PanelRows));
            var yp = y + ((long)p * PanelRows * yStride);
            if (wideRows > 0 && p + 1 < panels)
            {
                // Two panels: the 12-row groups see both, the leftover rows each panel in turn.
                var next = panel + (PanelRows * columns);
                var pair = Math.Min(2 * PanelRows, n - (p * PanelRows));
                for (var r = 0; r < wideRows; r += WideTileRows)
                {
                    Tile32x12(w + (r * wStride), wStride, panel, next, k0, k1, yp + r, yStride, pair, accumulate);
                }

                NarrowTiles(w, wStride, wideRows, rows, panel, k0, k1, yp, yStride, valid, accumulate, tile);
                NarrowTiles(w, wStride, wideRows, rows, next, k0, k1, yp + (PanelRows * yStride), yStride, pair - PanelRows, accumulate, tile);
                p += 2;
                continue;
            }

            for (var r = 0; r < wideRows; r += WideTileRows)
            {
                Tile16x12(w + (r * wStride), wStride, panel, k0, k1, yp + r, yStride, valid, accumulate);
            }

            NarrowTiles(w, wStride, wideRows, rows, panel, k0, k1, yp, yStride, valid, accumulate, tile);
            p++;
        }
    }

    /// <summary>Scalar reference: each output accumulated in double over the columns in order, then rounded once.</summary>
    public static void MultiplyScalar(float* w, long wStride, int rows, float* x, long xStride, int n, int columns, float* y, long yStride)
    {
        for (var i = 0; i < n; i++)
        {
            for (var r = 0; r < rows; r++)
            {
                var sum = 0d;
                for (var c = 0; c < columns; c++)
                {
                    sum += (double)w[(r * wStride) + c] * x[(i * xStride) + c];
                }

                y[(i * yStride) + r] = (float)sum;
            }
        }
    }

    /// <summary>Weight rows [<paramref name="first"/>, <paramref name="rows"/>) × one panel through the AVX2 tiles.</summary>
    private static void NarrowTiles(float* w, long wStride, int first, int rows, float* panel, int k0, int k1, float* yp, long yStride, int valid, bool accumulate, float* tile)
    {
        var r = first;
        for (; r + TileRows <= rows; r += TileRows)
        {
            if (valid > 8)
            {
                Tile16x6(w + (r * wStride), wStride, panel, k0, k1, yp + r, yStride, valid, accumulate);
            }
            else
            {
                Tile8x6(w + (r * wStride), wStride, panel, k0, k1, yp + r, yStride, valid, accumulate);
            }
        }

        for (; r < rows; r++)
        {
            Tile16x1(w + (r * wStride), panel, k0, k1, yp + r, yStride, valid, accumulate, tile);
        }
    }

    private static int RoundUp(int value, int quantum) => (value + quantum - 1) / quantum * quantum;

    /// <summary>Writes the 8 × 8 block at <paramref name="x"/> (rows <paramref name="stride"/> floats apart) transposed, 16 floats per output row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* x, int stride, float* destination)
    {
        var r0 = Avx.LoadVector256(x);
        var r1 = Avx.LoadVector256(x + stride);
        var r2 = Avx.LoadVector256(x + (2 * stride));
        var r3 = Avx.LoadVector256(x + (3 * stride));
        var r4 = Avx.LoadVector256(x + (4 * stride));
        var r5 = Avx.LoadVector256(x + (5 * stride));
        var r6 = Avx.LoadVector256(x + (6 * stride));
        var r7 = Avx.LoadVector256(x + (7 * stride));
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(destination, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(destination + PanelRows, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(destination + (2 * PanelRows), Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(destination + (3 * PanelRows), Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(destination + (4 * PanelRows), Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(destination + (5 * PanelRows), Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(destination + (6 * PanelRows), Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(destination + (7 * PanelRows), Avx.Permute2x128(s3, s7, 0x31));
    }
}
