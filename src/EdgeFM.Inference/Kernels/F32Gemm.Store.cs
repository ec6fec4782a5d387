using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

internal static unsafe partial class F32Gemm
{
    /// <summary>
    /// <c>y[j · yStride + r] (+)= a_r[j]</c> for weight rows r &lt; 6 and activation rows j &lt; <paramref name="count"/>
    /// (at most 8): the 6 accumulators (one per weight row, lanes over activation rows) are transposed in registers
    /// so each activation row's 6 outputs, contiguous in y, are written with one 4-float and one 2-float store
    /// instead of 6 scalar ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store6x8(Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3, Vector256<float> a4, Vector256<float> a5, float* y, long yStride, int count, bool accumulate)
    {
        // s0..s3: rows 0-3 of activation rows 0-3 (lower half) and 4-7 (upper half); s4..s7: rows 4-5 likewise.
        var t0 = Avx.UnpackLow(a0, a1);
        var t1 = Avx.UnpackHigh(a0, a1);
        var t2 = Avx.UnpackLow(a2, a3);
        var t3 = Avx.UnpackHigh(a2, a3);
        var t4 = Avx.UnpackLow(a4, a5);
        var t5 = Avx.UnpackHigh(a4, a5);
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t4, 0x44);
        var s5 = Avx.Shuffle(t4, t4, 0xEE);
        var s6 = Avx.Shuffle(t5, t5, 0x44);
        var s7 = Avx.Shuffle(t5, t5, 0xEE);
        Put(y, s0.GetLower(), s4.GetLower(), accumulate);
        if (count > 1)
        {
            Put(y + yStride, s1.GetLower(), s5.GetLower(), accumulate);
        }

        if (count > 2)
        {
            Put(y + (2 * yStride), s2.GetLower(), s6.GetLower(), accumulate);
        }

        if (count > 3)
        {
            Put(y + (3 * yStride), s3.GetLower(), s7.GetLower(), accumulate);
        }

        if (count > 4)
        {
            Put(y + (4 * yStride), s0.GetUpper(), s4.GetUpper(), accumulate);
        }

        if (count > 5)
        {
            Put(y + (5 * yStride), s1.GetUpper(), s5.GetUpper(), accumulate);
        }

        if (count > 6)
        {
            Put(y + (6 * yStride), s2.GetUpper(), s6.GetUpper(), accumulate);
        }

        if (count > 7)
        {
            Put(y + (7 * yStride), s3.GetUpper(), s7.GetUpper(), accumulate);
        }
    }

    /// <summary>y[0..3] (+)= <paramref name="first"/>, y[4..5] (+)= the low two lanes of <paramref name="last"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* y, Vector128<float> first, Vector128<float> last, bool accumulate)
    {
        if (accumulate)
        {
            first += Sse.LoadVector128(y);
            last += Sse2.LoadScalarVector128((double*)(y + 4)).AsSingle();
        }

        Sse.Store(y, first);
        Sse2.StoreScalar((double*)(y + 4), last.AsDouble());
    }
}
