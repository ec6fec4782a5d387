using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// IEEE half → float conversion by bit manipulation (.NET exposes no F16C intrinsic, and the <see cref="Half"/>
/// cast is a general routine too slow for one conversion per quantized block). Exact for every half value:
/// exponent and mantissa shifted into float position and rescaled by 2^112 (which also normalizes subnormals);
/// infinities and NaNs get the float's all-ones exponent.
/// </summary>
internal static unsafe class HalfConvert
{
    private const float Rescale = 5.192296858534828e33f; // 2^112 = 2^(127 - 15)

    // Every half's float value (256 KiB, allocated once for the process): the quantized dot products convert two
    // scales per 32-element block, and one load from the few hot lines of this table is several times cheaper than
    // the bit manipulation with its branch (the scalar conversion was the largest cost of a Q8_0 dot after the
    // int8 arithmetic itself).
    private static readonly float* Values = BuildTable();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToSingle(byte* half)
    {
        uint h = *(ushort*)half;
        var magnitude = BitConverter.UInt32BitsToSingle((h & 0x7FFF) << 13) * Rescale;
        var bits = BitConverter.SingleToUInt32Bits(magnitude);
        if ((h & 0x7C00) == 0x7C00)
        {
            bits = 0x7F800000 | ((h & 0x3FF) << 13);
        }

        return BitConverter.UInt32BitsToSingle(bits | ((h & 0x8000) << 16));
    }

    /// <summary>
    /// The table behind <see cref="Lookup"/>: <c>Table[h]</c> is the float value of the half with bits h. Kernels copy
    /// this pointer into a local before their loops: with tiered compilation off (the CLI) a method can be compiled
    /// before this class is initialized, and a static read inside a loop then keeps the initialization check (a
    /// possible helper call) in the loop, which makes the JIT spill every vector register on each iteration.
    /// </summary>
    public static float* Table => Values;

    /// <summary>The half at <paramref name="half"/> as a float by table look-up; bit-identical to <see cref="ToSingle"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Lookup(byte* half) => Values[*(ushort*)half];

    /// <summary>Eight halves at <paramref name="half"/> widened to floats (AVX2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ToSingle8(byte* half) => ToSingle8(Sse2.LoadVector128((ushort*)half));

    /// <summary>The eight halves with bits <paramref name="halves"/> widened to floats (AVX2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ToSingle8(Vector128<ushort> halves)
    {
        var h = Avx2.ConvertToVector256Int32(halves).AsUInt32();
        var magnitude = Avx.Multiply(Avx2.ShiftLeftLogical(h & Vector256.Create(0x7FFFu), 13).AsSingle(), Vector256.Create(Rescale)).AsUInt32();
        var special = Avx2.CompareEqual(h & Vector256.Create(0x7C00u), Vector256.Create(0x7C00u));
        var infNan = Vector256.Create(0x7F800000u) | Avx2.ShiftLeftLogical(h & Vector256.Create(0x3FFu), 13);
        var bits = Avx2.BlendVariable(magnitude, infNan, special);
        return (bits | Avx2.ShiftLeftLogical(h & Vector256.Create(0x8000u), 16)).AsSingle();
    }

    private static float* BuildTable()
    {
        var table = (float*)NativeMemory.AlignedAlloc(65536 * sizeof(float), 64);
        for (var h = 0; h < 65536; h++)
        {
            var bits = (ushort)h;
            table[h] = ToSingle((byte*)&bits);
        }

        return table;
    }
}
