using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// Mat-mat tile for weights dotted with Q8_0 activations (Q8_0 and Q4_0 weights): one weight row against four
/// activation rows at once, so each weight block is loaded, unpacked, made absolute and its scale converted once
/// instead of four times.
/// </summary>
internal static unsafe class Q8_0Tile
{
    public const int ActivationRows = 4;

    /// <summary>y[k · yStride] = dot(w, x_k) for k &lt; 4, x_k at <c>x + k · xStride</c> (Q8_0 rows).</summary>
    public static void Dot1x4(bool nibbles, byte* w, byte* x, long xStride, int count, float* y, long yStride)
    {
        var acc0 = Vector256<float>.Zero;
        var acc1 = Vector256<float>.Zero;
        var acc2 = Vector256<float>.Zero;
        var acc3 = Vector256<float>.Zero;
        var blocks = count / Q8_0.BlockSize;
        var weightBlockBytes = nibbles ? Q4_0.BlockBytes : Q8_0.BlockBytes;
        var mask = Vector256.Create((byte)0xF);
        var eight = Vector256.Create((sbyte)8);
        for (var b = 0; b < blocks; b++)
        {
            var wb = w + (b * weightBlockBytes);
            Vector256<sbyte> qw;
            if (nibbles)
            {
                var packed = Sse2.LoadVector128(wb + 2);
                var expanded = Vector256.Create(packed, Sse2.ShiftRightLogical(packed.AsUInt16(), 4).AsByte()) & mask;
                qw = Avx2.Subtract(expanded.AsSByte(), eight);
            }
            else
            {
                qw = Avx.LoadVector256((sbyte*)(wb + 2));
            }

            var magnitude = Avx2.Abs(qw);
            var dw = HalfConvert.Lookup(wb);
            var xb = x + (b * Q8_0.BlockBytes);
            acc0 = Step(acc0, magnitude, qw, xb, dw);
            acc1 = Step(acc1, magnitude, qw, xb + xStride, dw);
            acc2 = Step(acc2, magnitude, qw, xb + (2 * xStride), dw);
            acc3 = Step(acc3, magnitude, qw, xb + (3 * xStride), dw);
        }

        y[0] = SimdInt8.HorizontalSum(acc0);
        y[yStride] = SimdInt8.HorizontalSum(acc1);
        y[2 * yStride] = SimdInt8.HorizontalSum(acc2);
        y[3 * yStride] = SimdInt8.HorizontalSum(acc3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Step(Vector256<float> acc, Vector256<byte> magnitude, Vector256<sbyte> qw, byte* xb, float dw)
    {
        var pairs = Avx2.MultiplyAddAdjacent(magnitude, Avx2.Sign(Avx.LoadVector256((sbyte*)(xb + 2)), qw));
        var sums = Avx2.MultiplyAddAdjacent(pairs, Vector256<short>.One);
        return Fma.MultiplyAdd(Vector256.Create(dw * HalfConvert.Lookup(xb)), Avx.ConvertToVector256Single(sums), acc);
    }
}
