namespace EdgeFM.Inference.Gguf;

public sealed partial class GgufWriter
{
    private void WriteHeaderOnce()
    {
        if (_headerWritten)
        {
            return;
        }

        _headerWritten = true;
        _writer.Write(GgufFile.Magic);
        _writer.Write(3u);
        _writer.Write((ulong)_tensors.Count);
        _writer.Write((ulong)_metadata.Count);
        foreach (var (key, value) in _metadata)
        {
            WriteString(key);
            _writer.Write((uint)value.Type);
            WriteValue(value.Type, value.ElementType, value.Value);
        }

        foreach (var tensor in _tensors)
        {
            WriteString(tensor.Name);
            _writer.Write((uint)tensor.Dimensions.Length);
            foreach (var d in tensor.Dimensions)
            {
                _writer.Write((ulong)d);
            }

            _writer.Write((uint)tensor.Type);
            _writer.Write((ulong)tensor.RelativeOffset);
        }

        _writer.Flush();
        WritePadding(_stream.Position);
    }

    private void WritePadding(long position)
    {
        var padding = (int)(AlignUp(position, Alignment) - position);
        Span<byte> zeros = stackalloc byte[padding];
        zeros.Clear();
        _writer.Write(zeros);
    }

    private void WriteString(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        _writer.Write((ulong)bytes.Length);
        _writer.Write(bytes);
    }

    private void WriteValue(GgufValueType type, GgufValueType elementType, object value)
    {
        switch (type)
        {
            case GgufValueType.UInt8: _writer.Write((byte)value); break;
            case GgufValueType.Int8: _writer.Write((sbyte)value); break;
            case GgufValueType.UInt16: _writer.Write((ushort)value); break;
            case GgufValueType.Int16: _writer.Write((short)value); break;
            case GgufValueType.UInt32: _writer.Write((uint)value); break;
            case GgufValueType.Int32: _writer.Write((int)value); break;
            case GgufValueType.Float32: _writer.Write((float)value); break;
            case GgufValueType.Bool: _writer.Write((bool)value ? (byte)1 : (byte)0); break;
            case GgufValueType.String: WriteString((string)value); break;
            case GgufValueType.UInt64: _writer.Write((ulong)value); break;
            case GgufValueType.Int64: _writer.Write((long)value); break;
            case GgufValueType.Float64: _writer.Write((double)value); break;
            case GgufValueType.Array:
                var array = (Array)value;
                _writer.Write((uint)elementType);
                _writer.Write((ulong)array.Length);
                foreach (var element in array)
                {
                    if (element is GgufValue nested)
                    {
                        WriteValue(nested.Type, nested.ElementType, nested.Value);
                    }
                    else
                    {
                        WriteValue(elementType, elementType, element!);
                    }
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown GGUF value type.");
        }
    }

    // Matched on the exact element type: the CLR lets an int[] pass as uint[] (and byte[] as sbyte[]) in type tests.
    private static GgufValueType ElementTypeOf(object value) => value.GetType().GetElementType() switch
    {
        var t when t == typeof(byte) => GgufValueType.UInt8,
        var t when t == typeof(sbyte) => GgufValueType.Int8,
        var t when t == typeof(ushort) => GgufValueType.UInt16,
        var t when t == typeof(short) => GgufValueType.Int16,
        var t when t == typeof(uint) => GgufValueType.UInt32,
        var t when t == typeof(int) => GgufValueType.Int32,
        var t when t == typeof(float) => GgufValueType.Float32,
        var t when t == typeof(bool) => GgufValueType.Bool,
        var t when t == typeof(string) => GgufValueType.String,
        var t when t == typeof(ulong) => GgufValueType.UInt64,
        var t when t == typeof(long) => GgufValueType.Int64,
        var t when t == typeof(double) => GgufValueType.Float64,
        var t when t == typeof(GgufValue) => GgufValueType.Array,
        _ => throw new ArgumentException($"{value.GetType().Name} is not a GGUF array (use an array of a GGUF scalar type, string[] or GgufValue[]).", nameof(value)),
    };

    private static void Validate(string key, GgufValue entry)
    {
        var ok = entry.Type switch
        {
            GgufValueType.UInt8 => entry.Value is byte,
            GgufValueType.Int8 => entry.Value is sbyte,
            GgufValueType.UInt16 => entry.Value is ushort,
            GgufValueType.Int16 => entry.Value is short,
            GgufValueType.UInt32 => entry.Value is uint,
            GgufValueType.Int32 => entry.Value is int,
            GgufValueType.Float32 => entry.Value is float,
            GgufValueType.Bool => entry.Value is bool,
            GgufValueType.String => entry.Value is string,
            GgufValueType.UInt64 => entry.Value is ulong,
            GgufValueType.Int64 => entry.Value is long,
            GgufValueType.Float64 => entry.Value is double,
            GgufValueType.Array => entry.Value is Array,
            _ => false,
        };
        if (!ok)
        {
            throw new ArgumentException($"Metadata '{key}': a {entry.Value.GetType().Name} cannot be written as GGUF {entry.Type}.", nameof(entry));
        }
    }
}
