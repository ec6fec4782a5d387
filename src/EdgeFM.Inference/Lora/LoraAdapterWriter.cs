using System.Runtime.InteropServices;
using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Lora;

/// <summary>
/// Writes <see cref="LoraWeights"/> as a GGUF LoRA adapter in llama.cpp's layout: metadata <c>general.architecture</c>,
/// <c>general.type = "adapter"</c>, <c>adapter.type = "lora"</c>, <c>adapter.lora.alpha</c> (float32); per target
/// <c>&lt;target&gt;.lora_a</c> (ggml ne = [n_in, rank]) then <c>&lt;target&gt;.lora_b</c> (ne = [rank, n_out]).
/// llama.cpp's <c>--lora</c> and <see cref="LoraAdapter"/> read the result.
/// </summary>
public static class LoraAdapterWriter
{
    /// <summary>Element types the writer can store the factors in.</summary>
    public static IReadOnlyList<GgmlType> SupportedTypes { get; } = [GgmlType.F32, GgmlType.F16];

    /// <summary>
    /// Writes <paramref name="weights"/> to <paramref name="path"/> with factors stored as <paramref name="type"/>
    /// (F32, exact; or F16, half the bytes). The file is written next to <paramref name="path"/> under a temporary
    /// name and moved into place when complete, so a failure never leaves a half-written adapter behind.
    /// </summary>
    public static void Write(string path, LoraWeights weights, GgmlType type = GgmlType.F32)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(weights);
        CheckType(type);
        var fullPath = Path.GetFullPath(path);
        var temporary = fullPath + ".partial";
        try
        {
            using (var writer = GgufWriter.Create(temporary))
            {
                Write(writer, weights, type);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="weights"/> to <paramref name="stream"/> (left open) with factors stored as <paramref name="type"/>.</summary>
    public static void Write(Stream stream, LoraWeights weights, GgmlType type = GgmlType.F32)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(weights);
        CheckType(type);
        using var writer = new GgufWriter(stream);
        Write(writer, weights, type);
    }

    private static void Write(GgufWriter writer, LoraWeights weights, GgmlType type)
    {
        writer.AddString(LoraAdapterFormat.ArchitectureKey, weights.Architecture);
        writer.AddString(LoraAdapterFormat.GeneralTypeKey, LoraAdapterFormat.AdapterType);
        writer.AddString(LoraAdapterFormat.AdapterTypeKey, LoraAdapterFormat.LoraType);
        writer.AddFloat32(LoraAdapterFormat.AlphaKey, weights.Alpha);
        foreach (var pair in weights.Tensors)
        {
            writer.AddTensor(pair.TargetName + LoraAdapterFormat.SuffixA, type, pair.InputDimension, pair.Rank);
            writer.AddTensor(pair.TargetName + LoraAdapterFormat.SuffixB, type, pair.Rank, pair.OutputDimension);
        }

        var buffer = new byte[1 << 16];
        foreach (var pair in weights.Tensors)
        {
            WriteFloats(writer, pair.A, type, buffer);
            WriteFloats(writer, pair.B, type, buffer);
        }

        writer.Finish();
    }

    private static void WriteFloats(GgufWriter writer, float[] values, GgmlType type, byte[] buffer)
    {
        if (type == GgmlType.F32)
        {
            writer.WriteData(MemoryMarshal.AsBytes(values.AsSpan()));
            return;
        }

        var halves = MemoryMarshal.Cast<byte, Half>(buffer.AsSpan());
        for (var start = 0; start < values.Length; start += halves.Length)
        {
            var count = Math.Min(halves.Length, values.Length - start);
            System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(values.AsSpan(start, count), halves[..count]);
            writer.WriteData(buffer.AsSpan(0, count * sizeof(ushort)));
        }
    }

    private static void CheckType(GgmlType type)
    {
        if (!SupportedTypes.Contains(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, $"Adapter factors are written as {string.Join(" or ", SupportedTypes)}.");
        }
    }
}
