using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// A read-only weight matrix of <see cref="Rows"/> × <see cref="Columns"/> elements stored row-major in ggml type
/// <see cref="Type"/>, usually a view into a memory-mapped model file. Row r starts at <c>Data + r * RowBytes</c>.
/// </summary>
/// <remarks>The memory must outlive the matrix; the owner (the model) keeps the mapping open.</remarks>
public readonly unsafe struct WeightMatrix
{
    /// <summary>Creates a view over <paramref name="data"/>.</summary>
    public WeightMatrix(byte* data, GgmlType type, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        Data = data;
        Type = type;
        Rows = rows;
        Columns = columns;
        RowBytes = GgmlTypeInfo.RowBytes(type, columns);
    }

    /// <summary>First byte of row 0.</summary>
    public byte* Data { get; }

    /// <summary>Element type.</summary>
    public GgmlType Type { get; }

    /// <summary>Number of rows (output features).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (input features).</summary>
    public int Columns { get; }

    /// <summary>Bytes per row.</summary>
    public long RowBytes { get; }

    /// <summary>The raw bytes of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<byte> Row(int row) => new(Data + (row * RowBytes), checked((int)RowBytes));
}
