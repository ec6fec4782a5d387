using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Tests.Kernels;

/// <summary>Random data and the quantized/plain types the kernel tests cover.</summary>
internal static class KernelTestData
{
    public static readonly GgmlType[] WeightTypes = [GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K];

    public static TheoryData<GgmlType> AllWeightTypes()
    {
        var data = new TheoryData<GgmlType>();
        foreach (var type in WeightTypes)
        {
            data.Add(type);
        }

        return data;
    }

    /// <summary>Gaussian-ish values (sum of uniforms) with occasional outliers, like real weights and activations.</summary>
    public static float[] Random(Random random, int length, float scale = 1f)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            var v = (float)(random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * scale;
            values[i] = random.Next(50) == 0 ? v * 8 : v;
        }

        return values;
    }

    /// <summary>Lengths 0..256 that are multiples of the block size of <paramref name="type"/> (all for F32/F16).</summary>
    public static IEnumerable<int> Lengths(GgmlType type, int max = 256)
    {
        var block = GgmlTypeInfo.BlockSize(type);
        for (var n = 0; n <= max; n += block)
        {
            yield return n;
        }
    }

    public static byte[] QuantizeRow(GgmlType type, float[] values)
    {
        var bytes = new byte[GgmlTypeInfo.RowBytes(type, values.Length)];
        EdgeFM.Inference.Kernels.Quantize.Row(type, values, bytes);
        return bytes;
    }

    public static float[] DequantizeRow(GgmlType type, byte[] bytes, int length)
    {
        var values = new float[length];
        EdgeFM.Inference.Kernels.Dequantize.Row(type, bytes, values);
        return values;
    }

    /// <summary>One activation row in the format the kernels of a weight type take (float32 bytes or Q8_0/Q8_K blocks).</summary>
    public static byte[] Activation(in TypeKernels kernels, ReadOnlySpan<float> x)
    {
        if (kernels.Activation == GgmlType.F32)
        {
            return System.Runtime.InteropServices.MemoryMarshal.AsBytes(x).ToArray();
        }

        var bytes = new byte[kernels.ActivationRowBytes(x.Length)];
        kernels.QuantizeActivation(x, bytes);
        return bytes;
    }
}
