using System.IO.MemoryMappedFiles;

namespace EdgeFM.Inference.Models;

/// <summary>A whole file mapped read-only; <see cref="Pointer"/> stays valid until disposal.</summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private bool _disposed;

    private MappedFile(string path, long length, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* pointer)
    {
        FilePath = path;
        Length = length;
        _map = map;
        _view = view;
        Pointer = pointer;
    }

    public string FilePath { get; }

    public long Length { get; }

    public byte* Pointer { get; }

    public static MappedFile Open(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new ModelFileException(fullPath, "file not found.");
        }

        var length = new FileInfo(fullPath).Length;
        if (length == 0)
        {
            throw new ModelFileException(fullPath, "file is empty.");
        }

        MemoryMappedFile? map = null;
        try
        {
            map = MemoryMappedFile.CreateFromFile(fullPath, FileMode.Open, mapName: null, 0, MemoryMappedFileAccess.Read);
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new MappedFile(fullPath, length, map, view, pointer + view.PointerOffset);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            map?.Dispose();
            throw new ModelFileException(fullPath, $"cannot be read: {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
