using System.Text;
using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Tests.Tokenization;

/// <summary>Writes a GGUF v3 file with metadata and no tensors, to test tokenizer metadata handling.</summary>
internal static class MetadataOnlyGguf
{
    public static void Write(string path, IReadOnlyList<(string Key, object Value)> metadata)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(GgufFile.Magic);
        writer.Write(3u);
        writer.Write(0UL);
        writer.Write((ulong)metadata.Count);
        foreach (var (key, value) in metadata)
        {
            WriteString(writer, key);
            WriteTyped(writer, value);
        }
    }

    private static void WriteTyped(BinaryWriter writer, object value)
    {
        switch (value)
        {
            case string s:
                writer.Write((uint)GgufValueType.String);
                WriteString(writer, s);
                break;
            case bool b:
                writer.Write((uint)GgufValueType.Bool);
                writer.Write(b);
                break;
            case uint u:
                writer.Write((uint)GgufValueType.UInt32);
                writer.Write(u);
                break;
            case string[] strings:
                WriteArrayHeader(writer, GgufValueType.String, strings.Length);
                Array.ForEach(strings, s => WriteString(writer, s));
                break;
            case float[] floats:
                WriteArrayHeader(writer, GgufValueType.Float32, floats.Length);
                Array.ForEach(floats, writer.Write);
                break;
            case int[] ints:
                WriteArrayHeader(writer, GgufValueType.Int32, ints.Length);
                Array.ForEach(ints, writer.Write);
                break;
            default:
                throw new ArgumentException($"Unsupported metadata value {value.GetType()}.", nameof(value));
        }
    }

    private static void WriteArrayHeader(BinaryWriter writer, GgufValueType elementType, int count)
    {
        writer.Write((uint)GgufValueType.Array);
        writer.Write((uint)elementType);
        writer.Write((ulong)count);
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }
}
