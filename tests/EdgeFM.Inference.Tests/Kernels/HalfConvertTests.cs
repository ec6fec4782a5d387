using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Tests.Kernels;

public sealed unsafe class HalfConvertTests
{
    [Fact]
    public void Every_one_of_the_65536_halves_converts_exactly_as_the_Half_cast()
    {
        var halves = new ushort[65536];
        for (var i = 0; i < halves.Length; i++)
        {
            halves[i] = (ushort)i;
        }

        fixed (ushort* p = halves)
        {
            for (var i = 0; i < halves.Length; i += 8)
            {
                var vector = HalfConvert.ToSingle8((byte*)(p + i));
                for (var k = 0; k < 8; k++)
                {
                    var expected = (float)BitConverter.UInt16BitsToHalf(halves[i + k]);
                    var scalar = HalfConvert.ToSingle((byte*)(p + i + k));
                    Assert.True(Same(expected, scalar), $"scalar 0x{i + k:X4}: {scalar} vs {expected}");
                    Assert.True(Same(expected, HalfConvert.Lookup((byte*)(p + i + k))), $"lookup 0x{i + k:X4}");
                    Assert.True(Same(expected, vector[k]), $"vector 0x{i + k:X4}: {vector[k]} vs {expected}");
                }
            }
        }
    }

    private static bool Same(float a, float b) =>
        float.IsNaN(a) ? float.IsNaN(b) : BitConverter.SingleToUInt32Bits(a) == BitConverter.SingleToUInt32Bits(b);
}
