using System.IO.MemoryMappedFiles;

namespace EdgeFM.Inference.Gguf;

/// <summary>
/// A GGUF file (versions 2 and 3) opened read-only and memory-mapped: metadata is parsed once, tensor data is
/// never copied (<see cref="GetTensorData"/> returns views into the mapping, shared with the page cache).
/// Every length, count and offset is checked against the file size, so a truncated or corrupted file gives a
/// <see cref="ModelFileException"/> naming the file and the problem, never a crash or a huge allocation.
/// </summary>
public sealed unsafe partial class GgufFile : IDisposable
{
    /// <summary>"GGUF" as a little-endian uint32.</summary>
    public const uint Magic = 0x46554747;

    /// <summary>Alignment of tensor data when <c>general.alignment</c> is absent.</summary>
    public const int DefaultAlignment = 32;

    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _base;
    private readonly Dictionary<string, GgufValue> _metadata;
    private readonly Dictionary<string, GgufTensorInfo> _tensorsByName;
    private bool _disposed;

    private GgufFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* basePointer, long length)
    {
        FilePath = path;
        _map = map;
        _view = view;
        _base = basePointer;
        FileLength = length;
        _metadata = new Dictionary<string, GgufValue>(StringComparer.Ordinal);
        _tensorsByName = new Dictionary<string, GgufTensorInfo>(StringComparer.Ordinal);
        Tensors = [];
    }

    /// <summary>Absolute path of the file.</summary>
    public string FilePath { get; }

    /// <summary>Size of the file in bytes.</summary>
    public long FileLength { get; }

    /// <summary>GGUF format version (2 or 3).</summary>
    public uint Version { get; private set; }

    /// <summary>Alignment of tensor data in bytes.</summary>
    public int Alignment { get; private set; } = DefaultAlignment;

    /// <summary>Absolute file offset where the tensor data section starts.</summary>
    public long DataOffset { get; private set; }

    /// <summary>Metadata key/value pairs in file order of keys.</summary>
    public IReadOnlyDictionary<string, GgufValue> Metadata => _metadata;

    /// <summary>Tensors in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; private set; }

    /// <summary>The model architecture (<c>general.architecture</c>), or null when absent.</summary>
    public string? Architecture => TryGet("general.architecture", out var v) && v.Value is string s ? s : null;

    /// <summary>Opens and parses <paramref name="path"/>.</summary>
    /// <exception cref="ModelFileException">The file is missing, not GGUF, of an unsupported version, truncated or corrupted.</exception>
    public static GgufFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new ModelFileException(fullPath, "file not found.");
        }

        var length = new FileInfo(fullPath).Length;
        if (length < 24)
        {
            throw new ModelFileException(fullPath, $"file is {length} bytes, too short for a GGUF header (24 bytes); it is truncated or not a GGUF file.");
        }

        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            map = MemoryMappedFile.CreateFromFile(fullPath, FileMode.Open, mapName: null, 0, MemoryMappedFileAccess.Read);
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            pointer += view.PointerOffset;
            var file = new GgufFile(fullPath, map, view, pointer, length);
            try
            {
                file.Parse();
            }
            catch
            {
                file.Dispose();
                throw;
            }

            return file;
        }
        catch (IOException ex)
        {
            view?.Dispose();
            map?.Dispose();
            throw new ModelFileException(fullPath, $"cannot be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            view?.Dispose();
            map?.Dispose();
            throw new ModelFileException(fullPath, $"cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>Looks up a metadata value.</summary>
    public bool TryGet(string key, out GgufValue value) => _metadata.TryGetValue(key, out value!);

    /// <summary>A required metadata value; throws <see cref="ModelFileException"/> naming the key when absent.</summary>
    public GgufValue Get(string key) =>
        _metadata.TryGetValue(key, out var value) ? value : throw new ModelFileException(FilePath, $"metadata key '{key}' is missing.");

    /// <summary>A required string value.</summary>
    public string GetString(string key) => Get(key).Value as string
        ?? throw new ModelFileException(FilePath, $"metadata key '{key}' is {Get(key).Type}, expected a string.");

    /// <summary>A required integer value of any width.</summary>
    public long GetInt64(string key)
    {
        var value = Get(key);
        try
        {
            return value.AsInt64();
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException)
        {
            throw new ModelFileException(FilePath, $"metadata key '{key}' is {value.Type}, expected an integer.", ex);
        }
    }

    /// <summary>An optional integer value of any width, or <paramref name="fallback"/>.</summary>
    public long GetInt64OrDefault(string key, long fallback) => _metadata.ContainsKey(key) ? GetInt64(key) : fallback;

    /// <summary>An optional numeric value, or <paramref name="fallback"/>.</summary>
    public double GetDoubleOrDefault(string key, double fallback)
    {
        if (!_metadata.TryGetValue(key, out var value))
        {
            return fallback;
        }

        try
        {
            return value.AsDouble();
        }
        catch (InvalidCastException ex)
        {
            throw new ModelFileException(FilePath, $"metadata key '{key}' is {value.Type}, expected a number.", ex);
        }
    }

    /// <summary>A required array value of element type <typeparamref name="T"/>.</summary>
    public T[] GetArray<T>(string key)
    {
        var value = Get(key);
        return value.Value as T[]
            ?? throw new ModelFileException(FilePath, $"metadata key '{key}' is {value.Type}[{value.ElementType}], expected an array of {typeof(T).Name}.");
    }

    /// <summary>Looks up a tensor by name.</summary>
    public bool TryGetTensor(string name, out GgufTensorInfo tensor) => _tensorsByName.TryGetValue(name, out tensor!);

    /// <summary>A required tensor; throws <see cref="ModelFileException"/> naming it when absent.</summary>
    public GgufTensorInfo GetTensor(string name) =>
        _tensorsByName.TryGetValue(name, out var tensor) ? tensor : throw new ModelFileException(FilePath, $"tensor '{name}' is missing.");

    /// <summary>
    /// The raw bytes of a tensor, a zero-copy view into the mapping. Valid until this file is disposed.
    /// Tensors larger than 2 GiB cannot be viewed as one span; use <see cref="GetTensorPointer"/>.
    /// </summary>
    public ReadOnlySpan<byte> GetTensorData(GgufTensorInfo tensor)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (tensor.ByteSize > int.MaxValue)
        {
            throw new ModelFileException(FilePath, $"tensor '{tensor.Name}' is {tensor.ByteSize} bytes, larger than one span can view.");
        }

        return new ReadOnlySpan<byte>(_base + tensor.Offset, (int)tensor.ByteSize);
    }

    /// <summary>Pointer to a tensor's first byte in the mapping. Valid until this file is disposed.</summary>
    public byte* GetTensorPointer(GgufTensorInfo tensor)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _base + tensor.Offset;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }

        _map?.Dispose();
    }
}
