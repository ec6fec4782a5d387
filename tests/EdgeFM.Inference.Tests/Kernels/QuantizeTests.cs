using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Tests.Kernels;

/// <summary>Quantizer round trips and hand-built blocks that pin the ggml layouts independently of the quantizers.</summary>
public sealed class QuantizeTests
{
    [Theory]
    [InlineData(GgmlType.F32, 0.0)]
    [InlineData(GgmlType.F16, 0.001)]
    [InlineData(GgmlType.Q8_0, 1.0 / 127)]
    [InlineData(GgmlType.Q4_0, 1.0 / 7)]
    [InlineData(GgmlType.Q6_K, 1.0 / 24)]
    [InlineData(GgmlType.Q4_K, 1.0 / 5)]
    public void Round_trip_error_is_within_a_stated_fraction_of_the_block_maximum(GgmlType type, double fraction)
    {
        var random = new Random(5);
        var block = Math.Max(32, GgmlTypeInfo.BlockSize(type));
        var values = KernelTestData.Random(random, 1024, 0.03f);
        var restored = KernelTestData.DequantizeRow(type, KernelTestData.QuantizeRow(type, values), values.Length);
        for (var b = 0; b < values.Length / block; b++)
        {
            var slice = values.AsSpan(b * block, block).ToArray();
            var amax = slice.Max(MathF.Abs);
            for (var i = 0; i < block; i++)
            {
                var k = (b * block) + i;
                Assert.True(Math.Abs(values[k] - restored[k]) <= (fraction * amax) + 1e-7,
                    $"{type} element {k}: {values[k]} became {restored[k]} (block max {amax})");
            }
        }
    }

    [Fact]
    public void Q8_0_block_is_half_scale_then_32_signed_bytes()
    {
        var block = new byte[34];
        BitConverter.TryWriteBytes(block.AsSpan(0, 2), (Half)0.5f);
        block[2] = 3;
        block[33] = unchecked((byte)-7);

        var values = KernelTestData.DequantizeRow(GgmlType.Q8_0, block, 32);

        Assert.Equal(1.5f, values[0]);
        Assert.Equal(-3.5f, values[31]);
        Assert.Equal(0f, values[1]);
    }

    [Fact]
    public void Q4_0_block_puts_the_first_16_elements_in_low_nibbles()
    {
        var block = new byte[18];
        BitConverter.TryWriteBytes(block.AsSpan(0, 2), (Half)2f);
        block[2] = 0xA3; // element 0: 3 - 8 = -5; element 16: 10 - 8 = 2

        var values = KernelTestData.DequantizeRow(GgmlType.Q4_0, block, 32);

        Assert.Equal(-10f, values[0]);
        Assert.Equal(4f, values[16]);
        Assert.Equal(-16f, values[1]);
    }

    [Fact]
    public void Q4_K_block_unpacks_six_bit_scales_and_mins_of_all_eight_sub_blocks()
    {
        var block = new byte[144];
        BitConverter.TryWriteBytes(block.AsSpan(0, 2), (Half)1f);
        BitConverter.TryWriteBytes(block.AsSpan(2, 2), (Half)0.5f);
        // Sub-block 1: scale 5, min 9 (low six bits of bytes 1 and 5). Sub-block 6: scale 0x2B, min 0x31:
        // low nibbles in byte 4+6 = 10, high two bits in the top bits of bytes 2 (scale) and 6 (min).
        block[4 + 1] = 5;
        block[4 + 5] = 9;
        block[4 + 10] = 0x1B; // scale low 0xB, min low 0x1
        block[4 + 2] = 0b10 << 6; // scale high bits 2 → 0x20 | 0xB = 0x2B
        block[4 + 6] = 0b11 << 6; // min high bits 3 → 0x30 | 0x1 = 0x31
        block[16 + 0] = 0x70; // sub-block 0 element 0 = 0 (low), sub-block 1 element 0 = 7 (high)
        block[16 + 96 + 4] = 0x0C; // sub-block 6 element 4 = 12 (low nibble of the 4th 32-byte group)

        var values = KernelTestData.DequantizeRow(GgmlType.Q4_K, block, 256);

        Assert.Equal((1f * 5 * 7) - (0.5f * 9), values[32]);
        Assert.Equal((1f * 0x2B * 12) - (0.5f * 0x31), values[192 + 4]);
        Assert.Equal(0f, values[0]);
    }

    [Fact]
    public void Q6_K_block_combines_ql_nibbles_and_qh_bit_pairs()
    {
        var block = new byte[210];
        block[192 + 0] = 2; // scale of elements 0..15
        block[192 + 12] = unchecked((byte)-3); // scale of elements 192..207
        BitConverter.TryWriteBytes(block.AsSpan(208, 2), (Half)0.25f);
        block[0] = 0x05; // element 0 low 4 bits = 5
        block[128] = 0b11; // element 0 high bits = 3 → level 0x35 = 53
        block[64 + 0] = 0x90; // second half, element 128+64 = 192: high nibble of ql[64] = 9
        block[128 + 32] = 0b01 << 4; // its high bits: pair 2 of qh[32] = 1 → level 0x19 = 25

        var values = KernelTestData.DequantizeRow(GgmlType.Q6_K, block, 256);

        Assert.Equal(0.25f * 2 * (53 - 32), values[0]);
        Assert.Equal(0.25f * -3 * (25 - 32), values[192]);
        Assert.Equal(0.25f * 2 * -32, values[1]);
    }

    [Fact]
    public void Unsupported_target_type_is_named()
    {
        var error = Assert.Throws<NotSupportedException>(() => Quantize.Row(GgmlType.Q5_1, new float[32], new byte[64]));

        Assert.Contains("Q5_1", error.Message, StringComparison.Ordinal);
    }
}
