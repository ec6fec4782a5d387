namespace EdgeFM.Inference.Gguf;

/// <summary>Block layout of ggml tensor types: elements per block and bytes per block.</summary>
public static class GgmlTypeInfo
{
    /// <summary>Number of elements in one block of <paramref name="type"/> (1 for plain float types).</summary>
    public static int BlockSize(GgmlType type) => type switch
    {
        GgmlType.F32 or GgmlType.F16 or GgmlType.BF16 => 1,
        GgmlType.Q4_0 or GgmlType.Q4_1 or GgmlType.Q5_0 or GgmlType.Q5_1 or GgmlType.Q8_0 or GgmlType.Q8_1 => 32,
        GgmlType.Q2_K or GgmlType.Q3_K or GgmlType.Q4_K or GgmlType.Q5_K or GgmlType.Q6_K or GgmlType.Q8_K => 256,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown ggml type."),
    };

    /// <summary>Number of bytes one block of <paramref name="type"/> occupies.</summary>
    public static int BlockBytes(GgmlType type) => type switch
    {
        GgmlType.F32 => 4,
        GgmlType.F16 or GgmlType.BF16 => 2,
        GgmlType.Q4_0 => 18,
        GgmlType.Q4_1 => 20,
        GgmlType.Q5_0 => 22,
        GgmlType.Q5_1 => 24,
        GgmlType.Q8_0 => 34,
        GgmlType.Q8_1 => 36,
        GgmlType.Q2_K => 84,
        GgmlType.Q3_K => 110,
        GgmlType.Q4_K => 144,
        GgmlType.Q5_K => 176,
        GgmlType.Q6_K => 210,
        GgmlType.Q8_K => 292,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown ggml type."),
    };

    /// <summary>True when <paramref name="value"/> is a type this file format knows (not necessarily one the runtime computes with).</summary>
    public static bool IsKnown(uint value) => Enum.IsDefined((GgmlType)value);

    /// <summary>
    /// Bytes taken by a row of <paramref name="elements"/> elements, which must be a multiple of the block size.
    /// </summary>
    public static long RowBytes(GgmlType type, long elements)
    {
        var blockSize = BlockSize(type);
        if (elements % blockSize != 0)
        {
            throw new ArgumentException($"{elements} elements is not a multiple of the {type} block size {blockSize}.", nameof(elements));
        }

        return elements / blockSize * BlockBytes(type);
    }
}
