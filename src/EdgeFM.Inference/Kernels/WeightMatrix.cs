using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// A read-only weight matrix of <see cref="Rows"/> × <see cref="Columns"/> elements of ggml type <see cref="Type"/>,
/// usually a view into a memory-mapped model file. In the default <see cref="WeightLayout.RowMajor"/>
/// <see cref="Layout"/> row r starts at <c>Data + r * RowBytes</c>.
/// </summary>
/// <remarks>The memory must outlive the matrix; the owner (the model) keeps the mapping (or its repacked copy) alive.</remarks>
public readonly unsafe struct WeightMatrix
{
    /// <summary>Creates a view over <paramref name="data"/>, row-major.</summary>
    public WeightMatrix(byte* data, GgmlType type, int rows, int columns)
        : this(data, type, rows, columns, WeightLayout.RowMajor)
    {
    }

    /// <summary>Creates a view over <paramref name="data"/> in <paramref name="layout"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="layout"/> is <see cref="WeightLayout.Q4_0x8"/> and <paramref name="type"/> is not Q4_0.</exception>
    public WeightMatrix(byte* data, GgmlType type, int rows, int columns, WeightLayout layout)
    {
        if (layout == WeightLayout.Q4_0x8 && type != GgmlType.Q4_0)
        {
            throw new ArgumentException($"The {layout} layout holds Q4_0 weights only, not {type}.", nameof(layout));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        Data = data;
        Type = type;
        Rows = rows;
        Columns = columns;
        RowBytes = GgmlTypeInfo.RowBytes(type, columns);
        Layout = layout;
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

    /// <summary>How the rows are laid out.</summary>
    public WeightLayout Layout { get; }

    /// <summary>Rows [0, InterleavedRows) are stored in groups of eight (<see cref="WeightLayout.Q4_0x8"/>); 0 when row-major.</summary>
    public int InterleavedRows => Layout == WeightLayout.Q4_0x8 ? Rows & ~7 : 0;

    /// <summary>The raw row-major bytes of row <paramref name="row"/>.</summary>
    /// <exception cref="InvalidOperationException">The row is stored interleaved with its group.</exception>
    public ReadOnlySpan<byte> Row(int row) => row < InterleavedRows
        ? throw new InvalidOperationException($"Row {row} of this {Layout} matrix is interleaved with its group of eight; it has no row-major bytes.")
        : new(Data + (row * RowBytes), checked((int)RowBytes));
}
