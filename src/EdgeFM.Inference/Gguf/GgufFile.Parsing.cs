using System.Text;

namespace EdgeFM.Inference.Gguf;

public sealed unsafe partial class GgufFile
{
    // Upper bounds that no real file reaches; they turn a corrupted count into a clear error instead of an allocation.
    private const int MaxDimensions = 4;
    private const int MaxArrayNesting = 2;
    private const long MaxStringBytes = 1L << 30;

    private long _position;

    private void Parse()
    {
        if (ReadUInt32() != Magic)
        {
            throw Corrupt("does not start with the GGUF magic bytes; it is not a GGUF file");
        }

        Version = ReadUInt32();
        if (Version is not (2 or 3))
        {
            throw new ModelFileException(FilePath, $"GGUF version {Version} is not supported (supported: 2 and 3).");
        }

        var tensorCount = ReadUInt64();
        var metadataCount = ReadUInt64();

        // Each tensor info takes at least 24 bytes and each key/value at least 13; more than the file can hold is corruption.
        if (tensorCount > (ulong)(FileLength / 24) || metadataCount > (ulong)(FileLength / 13))
        {
            throw Corrupt($"header claims {tensorCount} tensors and {metadataCount} metadata entries, more than a {FileLength}-byte file can hold");
        }

        for (ulong i = 0; i < metadataCount; i++)
        {
            var key = ReadString("metadata key");
            var type = (GgufValueType)ReadUInt32();
            var value = ReadValue(type, key, depth: 0);
            if (!_metadata.TryAdd(key, value))
            {
                throw Corrupt($"metadata key '{key}' appears twice");
            }
        }

        if (_metadata.TryGetValue("general.alignment", out var alignmentValue))
        {
            var alignment = alignmentValue.Value is uint u ? (long)u : -1;
            if (alignment <= 0 || alignment > 1 << 20 || (alignment & (alignment - 1)) != 0)
            {
                throw Corrupt($"general.alignment is {alignmentValue}, expected a power of two of type uint32");
            }

            Alignment = (int)alignment;
        }

        var infos = new List<(string Name, long[] Dims, GgmlType Type, ulong RelativeOffset)>((int)tensorCount);
        for (ulong i = 0; i < tensorCount; i++)
        {
            var name = ReadString("tensor name");
            var dimCount = ReadUInt32();
            if (dimCount is 0 or > MaxDimensions)
            {
                throw Corrupt($"tensor '{name}' has {dimCount} dimensions (expected 1 to {MaxDimensions})");
            }

            var dims = new long[dimCount];
            for (var d = 0; d < dims.Length; d++)
            {
                var extent = ReadUInt64();
                if (extent == 0 || extent > (ulong)FileLength * 8)
                {
                    throw Corrupt($"tensor '{name}' dimension {d} is {extent}");
                }

                dims[d] = (long)extent;
            }

            var rawType = ReadUInt32();
            if (!GgmlTypeInfo.IsKnown(rawType))
            {
                throw new ModelFileException(FilePath, $"tensor '{name}' has unknown ggml type {rawType}.");
            }

            infos.Add((name, dims, (GgmlType)rawType, ReadUInt64()));
        }

        DataOffset = AlignUp(_position, Alignment);
        var tensors = new List<GgufTensorInfo>(infos.Count);
        foreach (var (name, dims, type, relativeOffset) in infos)
        {
            tensors.Add(CreateTensorInfo(name, dims, type, relativeOffset));
        }

        Tensors = tensors;
        foreach (var tensor in tensors)
        {
            if (!_tensorsByName.TryAdd(tensor.Name, tensor))
            {
                throw Corrupt($"tensor '{tensor.Name}' appears twice");
            }
        }
    }

    private GgufTensorInfo CreateTensorInfo(string name, long[] dims, GgmlType type, ulong relativeOffset)
    {
        long elements;
        long bytes;
        try
        {
            elements = 1;
            foreach (var d in dims)
            {
                elements = checked(elements * d);
            }

            var blockSize = GgmlTypeInfo.BlockSize(type);
            if (dims[0] % blockSize != 0)
            {
                throw Corrupt($"tensor '{name}' has {dims[0]} elements per row, not a multiple of the {type} block size {blockSize}");
            }

            bytes = checked(elements / blockSize * GgmlTypeInfo.BlockBytes(type));
        }
        catch (OverflowException ex)
        {
            throw new ModelFileException(FilePath, $"tensor '{name}' has an impossible shape [{string.Join(", ", dims)}].", ex);
        }

        if (relativeOffset % (ulong)Alignment != 0)
        {
            throw Corrupt($"tensor '{name}' data offset {relativeOffset} is not aligned to {Alignment} bytes");
        }

        if (relativeOffset > (ulong)FileLength || DataOffset + (long)relativeOffset + bytes > FileLength)
        {
            throw new ModelFileException(FilePath,
                $"tensor '{name}' ({type}, {bytes} bytes at data offset {relativeOffset}) extends past the end of the {FileLength}-byte file; the file is truncated.");
        }

        return new GgufTensorInfo(name, dims, type, DataOffset + (long)relativeOffset, bytes);
    }

    private GgufValue ReadValue(GgufValueType type, string key, int depth)
    {
        switch (type)
        {
            case GgufValueType.UInt8: return new(type, type, Read<byte>());
            case GgufValueType.Int8: return new(type, type, Read<sbyte>());
            case GgufValueType.UInt16: return new(type, type, Read<ushort>());
            case GgufValueType.Int16: return new(type, type, Read<short>());
            case GgufValueType.UInt32: return new(type, type, ReadUInt32());
            case GgufValueType.Int32: return new(type, type, Read<int>());
            case GgufValueType.Float32: return new(type, type, Read<float>());
            case GgufValueType.UInt64: return new(type, type, ReadUInt64());
            case GgufValueType.Int64: return new(type, type, Read<long>());
            case GgufValueType.Float64: return new(type, type, Read<double>());
            case GgufValueType.Bool:
                var b = Read<byte>();
                if (b > 1)
                {
                    throw Corrupt($"metadata key '{key}' holds bool value {b}");
                }

                return new(type, type, b == 1);
            case GgufValueType.String: return new(type, type, ReadString("value", key));
            case GgufValueType.Array:
                // Arrays of arrays exist (e.g. per-layer lists); deeper nesting is corruption, and the bound keeps recursion shallow.
                if (depth > MaxArrayNesting)
                {
                    throw Corrupt($"metadata key '{key}' nests arrays more than {MaxArrayNesting} levels deep");
                }

                return ReadArray(key, depth);
            default:
                throw Corrupt($"metadata key '{key}' has unknown value type {(uint)type}");
        }
    }

    private GgufValue ReadArray(string key, int depth)
    {
        var elementType = (GgufValueType)ReadUInt32();
        var count = ReadUInt64();
        var remaining = (ulong)(FileLength - _position);
        var minimumElementBytes = elementType switch
        {
            GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1UL,
            GgufValueType.UInt16 or GgufValueType.Int16 => 2UL,
            GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4UL,
            GgufValueType.String or GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 => 8UL,
            GgufValueType.Array => 12UL,
            _ => throw Corrupt($"metadata key '{key}' is an array of unknown type {(uint)elementType}"),
        };
        if (count > remaining / minimumElementBytes)
        {
            throw Corrupt($"metadata key '{key}' claims {count} array elements, more than the rest of the file can hold");
        }

        var n = (int)count;
        object array = elementType switch
        {
            GgufValueType.UInt8 => ReadArrayOf<byte>(n),
            GgufValueType.Int8 => ReadArrayOf<sbyte>(n),
            GgufValueType.UInt16 => ReadArrayOf<ushort>(n),
            GgufValueType.Int16 => ReadArrayOf<short>(n),
            GgufValueType.UInt32 => ReadArrayOf<uint>(n),
            GgufValueType.Int32 => ReadArrayOf<int>(n),
            GgufValueType.Float32 => ReadArrayOf<float>(n),
            GgufValueType.UInt64 => ReadArrayOf<ulong>(n),
            GgufValueType.Int64 => ReadArrayOf<long>(n),
            GgufValueType.Float64 => ReadArrayOf<double>(n),
            GgufValueType.Bool => Array.ConvertAll(ReadArrayOf<byte>(n), v => v != 0),
            GgufValueType.String => ReadStrings(n, key),
            _ => ReadNested(n, key, depth),
        };
        return new GgufValue(GgufValueType.Array, elementType, array);
    }

    private string[] ReadStrings(int count, string key)
    {
        var strings = new string[count];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = ReadString("element", key, i);
        }

        return strings;
    }

    private GgufValue[] ReadNested(int count, string key, int depth)
    {
        var values = new GgufValue[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ReadValue(GgufValueType.Array, key, depth + 1);
        }

        return values;
    }

    private T[] ReadArrayOf<T>(int count)
        where T : unmanaged
    {
        var bytes = (long)count * sizeof(T);
        Ensure(bytes, "array");
        var result = new ReadOnlySpan<T>(_base + _position, count).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("GGUF files are little-endian; big-endian hosts are not supported.");
        }

        _position += bytes;
        return result;
    }

    /// <summary>
    /// Reads a length-prefixed UTF-8 string. The error message's subject is <paramref name="what"/>, qualified by the
    /// metadata <paramref name="key"/> and array <paramref name="element"/> when given; it is only formatted on failure,
    /// since a vocabulary array has tens of thousands of elements (formatting each subject up front allocated ~4 MiB).
    /// </summary>
    private string ReadString(string what, string? key = null, int element = -1)
    {
        var length = ReadUInt64();
        if (length > (ulong)(FileLength - _position) || length > MaxStringBytes)
        {
            var subject = key is null ? what : element < 0 ? $"{what} of '{key}'" : $"{what} {element} of '{key}'";
            throw Corrupt($"{subject} claims {length} bytes, more than the rest of the file holds");
        }

        var text = Encoding.UTF8.GetString(_base + _position, (int)length);
        _position += (long)length;
        return text;
    }

    private uint ReadUInt32() => Read<uint>();

    private ulong ReadUInt64() => Read<ulong>();

    private T Read<T>()
        where T : unmanaged
    {
        Ensure(sizeof(T), typeof(T).Name);
        var value = *(T*)(_base + _position);
        _position += sizeof(T);
        return value;
    }

    private void Ensure(long bytes, string what)
    {
        if (_position + bytes > FileLength)
        {
            throw new ModelFileException(FilePath,
                $"unexpected end of file at byte {_position} while reading {what} ({bytes} bytes needed, {FileLength - _position} left); the file is truncated.");
        }
    }

    private ModelFileException Corrupt(string problem) =>
        new(FilePath, $"{problem} (at byte {_position}); the file is corrupted or not a GGUF file.");

    private static long AlignUp(long value, int alignment) => (value + alignment - 1) / alignment * alignment;
}
