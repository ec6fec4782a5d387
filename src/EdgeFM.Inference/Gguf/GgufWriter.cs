using System.Text;

namespace EdgeFM.Inference.Gguf;

/// <summary>
/// Writes a GGUF v3 file that <see cref="GgufFile"/> and llama.cpp read: header, metadata, tensor infos, then the
/// tensor data, each tensor aligned to <see cref="Alignment"/> bytes. Tensor data is streamed: declare every tensor
/// with <see cref="AddTensor"/>, then <see cref="WriteData"/> the bytes of each in declaration order, in as many
/// pieces as convenient, so a model never has to be in memory whole.
/// </summary>
/// <remarks>
/// Usage: <c>AddMetadata</c>… → <c>AddTensor</c>… → <c>WriteData</c>… (the header is written on the first call) →
/// <see cref="Finish"/>. <see cref="Finish"/> checks that every declared byte was written.
/// </remarks>
public sealed partial class GgufWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly BinaryWriter _writer;
    private readonly List<KeyValuePair<string, GgufValue>> _metadata = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly List<PendingTensor> _tensors = [];
    private readonly HashSet<string> _tensorNames = new(StringComparer.Ordinal);
    private long _dataBytes;
    private bool _headerWritten;
    private bool _finished;
    private int _current;
    private long _writtenInCurrent;

    /// <summary>Writes to <paramref name="stream"/>, which must be writable; it is disposed with the writer when <paramref name="ownsStream"/>.</summary>
    public GgufWriter(Stream stream, int alignment = GgufFile.DefaultAlignment, bool ownsStream = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "The alignment must be a positive power of two.");
        }

        _stream = stream;
        _ownsStream = ownsStream;
        _writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        Alignment = alignment;
        if (alignment != GgufFile.DefaultAlignment)
        {
            AddMetadata("general.alignment", GgufValueType.UInt32, (uint)alignment);
        }
    }

    /// <summary>Creates (or overwrites) the file at <paramref name="path"/>.</summary>
    public static GgufWriter Create(string path, int alignment = GgufFile.DefaultAlignment)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        return new GgufWriter(stream, alignment, ownsStream: true);
    }

    /// <summary>Alignment of every tensor's data, in bytes.</summary>
    public int Alignment { get; }

    /// <summary>
    /// Adds a metadata entry. <paramref name="value"/> is a CLR scalar of <paramref name="type"/> (uint for UInt32,
    /// float for Float32, string, bool, ...) or, for <see cref="GgufValueType.Array"/>, an array of such scalars
    /// (<c>string[]</c>, <c>float[]</c>, <c>int[]</c>, ...) or <c>GgufValue[]</c> of arrays.
    /// </summary>
    public void AddMetadata(string key, GgufValueType type, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        EnsureNotStarted();
        var elementType = type == GgufValueType.Array ? ElementTypeOf(value) : type;
        var entry = new GgufValue(type, elementType, value);
        Validate(key, entry);
        if (!_keys.Add(key))
        {
            throw new ArgumentException($"Metadata key '{key}' was already added.", nameof(key));
        }

        _metadata.Add(new(key, entry));
    }

    /// <summary>Adds a string entry.</summary>
    public void AddString(string key, string value) => AddMetadata(key, GgufValueType.String, value);

    /// <summary>Adds a uint32 entry.</summary>
    public void AddUInt32(string key, uint value) => AddMetadata(key, GgufValueType.UInt32, value);

    /// <summary>Adds a float32 entry.</summary>
    public void AddFloat32(string key, float value) => AddMetadata(key, GgufValueType.Float32, value);

    /// <summary>Adds an array entry (element type inferred from the CLR array type).</summary>
    public void AddArray(string key, Array values) => AddMetadata(key, GgufValueType.Array, values);

    /// <summary>
    /// Declares a tensor. <paramref name="dimensions"/> are in ggml order, innermost first: a weight matrix of
    /// rows × columns is <c>[columns, rows]</c>. Returns the tensor's data size in bytes.
    /// </summary>
    public long AddTensor(string name, GgmlType type, params long[] dimensions)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(dimensions);
        EnsureNotStarted();
        if (dimensions.Length is 0 or > 4 || dimensions.Any(d => d <= 0))
        {
            throw new ArgumentException($"Tensor '{name}' needs 1 to 4 positive dimensions, got [{string.Join(", ", dimensions)}].", nameof(dimensions));
        }

        var elements = dimensions.Aggregate(1L, (a, d) => checked(a * d));
        var bytes = GgmlTypeInfo.RowBytes(type, dimensions[0]) * (elements / dimensions[0]);
        if (!_tensorNames.Add(name))
        {
            throw new ArgumentException($"Tensor '{name}' was already added.", nameof(name));
        }

        _tensors.Add(new PendingTensor(name, type, (long[])dimensions.Clone(), _dataBytes, bytes));
        _dataBytes = AlignUp(_dataBytes + bytes, Alignment);
        return bytes;
    }

    /// <summary>
    /// Appends <paramref name="data"/> to the tensors' data, in declaration order; a piece may span the end of one
    /// tensor and the start of the next. Writes the header first if needed.
    /// </summary>
    public void WriteData(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        WriteHeaderOnce();
        while (!data.IsEmpty)
        {
            if (_current >= _tensors.Count)
            {
                throw new InvalidOperationException($"{data.Length} bytes more than the declared tensors hold were written.");
            }

            var tensor = _tensors[_current];
            var take = (int)Math.Min(data.Length, tensor.Bytes - _writtenInCurrent);
            _writer.Write(data[..take]);
            data = data[take..];
            _writtenInCurrent += take;
            if (_writtenInCurrent == tensor.Bytes)
            {
                WritePadding(tensor.Bytes);
                _current++;
                _writtenInCurrent = 0;
            }
        }
    }

    /// <summary>The tensor whose bytes <see cref="WriteData"/> writes next, or null when all are complete.</summary>
    public string? NextTensor => _current < _tensors.Count ? _tensors[_current].Name : null;

    /// <summary>Completes the file; throws when a declared tensor did not get all its bytes.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        WriteHeaderOnce();
        if (_current < _tensors.Count)
        {
            var tensor = _tensors[_current];
            throw new InvalidOperationException(
                $"Tensor '{tensor.Name}' got {_writtenInCurrent} of its {tensor.Bytes} bytes ({_tensors.Count - _current} tensors incomplete).");
        }

        _writer.Flush();
        _stream.Flush();
        _finished = true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Dispose();
        if (_ownsStream)
        {
            _stream.Dispose();
        }

        _finished = true;
    }

    private void EnsureNotStarted()
    {
        if (_headerWritten)
        {
            throw new InvalidOperationException("Metadata and tensors must be declared before tensor data is written.");
        }
    }

    private static long AlignUp(long value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private sealed record PendingTensor(string Name, GgmlType Type, long[] Dimensions, long RelativeOffset, long Bytes);
}
