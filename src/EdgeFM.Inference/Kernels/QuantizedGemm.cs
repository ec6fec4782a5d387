using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// Mat-mat of non-F32 weights (F16, Q8_0, Q4_0, Q4_K, Q6_K) with many activation rows: each work chunk's weights are
/// dequantized one reduction block at a time (rows × <see cref="F32Gemm.Depth"/> columns) into a per-thread float32
/// buffer that stays in L2, and <see cref="F32Gemm"/> multiplies that block with the float32 activation panels.
/// </summary>
/// <remarks>
/// <para>Why not int8 arithmetic: on AVX2 an int8 block product needs about six vector operations per 32
/// multiply-adds (sign, <c>vpmaddubsw</c>, <c>vpmaddwd</c>, convert, scale, FMA), while an FMA does 8 multiply-adds
/// in one, and with n activation rows each weight is dequantized once and used n times: at n = 128 the
/// dequantization is about 1% of the work. It is also more accurate than llama.cpp's prefill: the activations are
/// not quantized, so the result is the dequantized weights times the float32 activations up to float32 summation
/// order. Below <see cref="MinRows"/> activation rows the dequantization is not amortized and the int8 kernels are
/// used instead.</para>
/// <para>The buffer is per thread (compute-pool workers and callers), allocated once on the pinned object heap at
/// the largest chunk size and reused, so steady-state calls allocate nothing.</para>
/// </remarks>
internal static unsafe class QuantizedGemm
{
    /// <summary>Fewest activation rows for which dequantize-then-GEMM beats the int8 kernels.</summary>
    public const int MinRows = 16;

    [ThreadStatic]
    private static float[]? t_buffer;

    /// <summary>True when a mat-mat of <paramref name="kernels"/>' weight type with n activation rows runs here.</summary>
    public static bool Applies(in TypeKernels kernels, int n) =>
        n >= MinRows && kernels.Weight != GgmlType.F32 && SimdInt8.IsSupported
        && F32Gemm.Depth % GgmlTypeInfo.BlockSize(kernels.Weight) == 0;

    /// <summary>
    /// <c>y[i · yStride + r] = Σ_c W[r, c] · x_i[c]</c> for weight rows r in [<paramref name="rowStart"/>,
    /// <paramref name="rowEnd"/>), with row r of W at <c>w + r · rowBytes</c> and the activations packed by
    /// <see cref="F32Gemm.Pack"/>. Rows below <paramref name="interleavedRows"/> are <see cref="Q4_0x8"/> groups
    /// (<paramref name="rowStart"/> is then a multiple of 8).
    /// </summary>
    public static void Multiply(in TypeKernels kernels, byte* w, long rowBytes, int interleavedRows, int rowStart, int rowEnd, float* packed, int n, int columns, float* y, long yStride)
    {
        var rows = rowEnd - rowStart;
        if (columns == 0 || rows == 0)
        {
            F32Gemm.Multiply(null, 0, 0, rows, packed, n, 0, y + rowStart, yStride);
            return;
        }

        var stride = Math.Min(columns, F32Gemm.Depth);
        var needed = rows * stride;
        if (t_buffer is null || t_buffer.Length < needed)
        {
            t_buffer = GC.AllocateUninitializedArray<float>(Math.Max(needed, F32Gemm.ChunkQuantum * F32Gemm.Depth), pinned: true);
        }

        fixed (float* buffer = t_buffer)
        {
            for (var k0 = 0; k0 < columns; k0 += F32Gemm.Depth)
            {
                var k1 = Math.Min(columns, k0 + F32Gemm.Depth);
                var offset = GgmlTypeInfo.RowBytes(kernels.Weight, k0);
                var r = 0;
                for (; r < rows && rowStart + r < interleavedRows; r += Q4_0x8.Rows)
                {
                    DequantizeGroup(w + ((rowStart + r) * rowBytes), k0, k1, buffer + (r * stride), stride);
                }

                for (; r < rows; r++)
                {
                    kernels.DequantizeRow(w + ((rowStart + r) * rowBytes) + offset, buffer + (r * stride), k1 - k0);
                }

                // The tiles address element c of a row as row + c with c counted from the row's start.
                F32Gemm.MultiplyBlock(buffer - k0, stride, rows, packed, n, columns, k0, k1, y + rowStart, yStride);
            }
        }
    }

    /// <summary>
    /// Dequantizes columns [k0, k1) of the eight rows of the <see cref="Q4_0x8"/> group at <paramref name="group"/>
    /// to <paramref name="destination"/> (rows <paramref name="stride"/> floats apart).
    /// </summary>
    private static void DequantizeGroup(byte* group, int k0, int k1, float* destination, int stride) =>
        Q4_0x8.DequantizeAvx2(group, k0 / Q4_0.BlockSize, (k1 - k0) / Q4_0.BlockSize, destination, stride);
}
