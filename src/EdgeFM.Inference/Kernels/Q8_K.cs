namespace EdgeFM.Inference.Kernels;

/// <summary>
/// ggml <c>block_q8_K</c>, the activation format for K-quant weights: 256 elements in 292 bytes,
/// <c>{ float d; int8 qs[256]; int16 bsums[16]; }</c>, value = d · qs[i]; bsums[j] = Σ qs[16j .. 16j+15]
/// (used to apply the weights' per-sub-block minimum or offset without touching each element).
/// </summary>
internal static unsafe class Q8_K
{
    public const int BlockSize = 256;
    public const int BlockBytes = 292;
    public const int QsOffset = 4;
    public const int BsumsOffset = 260;

    /// <summary>d = max|x| / 127, q = round(x / d) (ties away from zero).</summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> destination)
    {
        fixed (float* x = source)
        fixed (byte* y = destination)
        {
            for (var b = 0; b < source.Length / BlockSize; b++)
            {
                QuantizeBlock(x + (b * BlockSize), y + (b * BlockBytes));
            }
        }
    }

    public static void QuantizeBlock(float* x, byte* y)
    {
        var amax = SimdInt8.MaxAbs(x, BlockSize);
        var d = amax / 127f;
        var id = d != 0 ? 1f / d : 0f;
        *(float*)y = d;
        var q = (sbyte*)(y + QsOffset);
        for (var i = 0; i < BlockSize; i += 32)
        {
            SimdInt8.Round32(q + i, x + i, id);
        }

        var bsums = (short*)(y + BsumsOffset);
        for (var j = 0; j < 16; j++)
        {
            var s = 0;
            for (var i = 0; i < 16; i++)
            {
                s += q[(16 * j) + i];
            }

            bsums[j] = (short)s;
        }
    }

    public static void Dequantize(byte* source, float* destination, int count)
    {
        for (var b = 0; b < count / BlockSize; b++)
        {
            var block = source + (b * BlockBytes);
            var d = *(float*)block;
            var q = (sbyte*)(block + QsOffset);
            for (var i = 0; i < BlockSize; i++)
            {
                destination[(b * BlockSize) + i] = d * q[i];
            }
        }
    }
}
