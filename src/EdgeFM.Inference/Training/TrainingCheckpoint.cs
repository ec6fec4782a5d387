using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace EdgeFM.Inference.Training;

/// <summary>
/// Everything a fine-tuning run needs to continue exactly where it stopped: the adapter weights, AdamW's moments and
/// step, the epoch, the position in the epoch's shuffled order (and the order itself), and the random generator's
/// state. Resuming from it gives bit-identical weights to a run that was never interrupted.
/// </summary>
/// <remarks>
/// File layout (little-endian): the 8 bytes <c>EFMLORA1</c>, an int32 header length, the header as UTF-8 JSON
/// (<see cref="CheckpointHeader"/>), then the weights, the first moments and the second moments as float32 arrays of
/// <see cref="CheckpointHeader.ParameterCount"/> each. Saved under a temporary name and renamed when complete.
/// </remarks>
public sealed class TrainingCheckpoint
{
    private static ReadOnlySpan<byte> Magic => "EFMLORA1"u8;

    /// <summary>The run's state other than the arrays.</summary>
    public required CheckpointHeader Header { get; init; }

    /// <summary>The adapter weights, laid out as <see cref="LoraParameters.Parameters"/>.</summary>
    public required float[] Parameters { get; init; }

    /// <summary>AdamW's first moments.</summary>
    public required float[] FirstMoment { get; init; }

    /// <summary>AdamW's second moments.</summary>
    public required float[] SecondMoment { get; init; }

    /// <summary>Writes the checkpoint to <paramref name="path"/> (via a temporary file and a rename).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var temporary = fullPath + ".partial";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new BinaryWriter(stream))
            {
                var header = JsonSerializer.SerializeToUtf8Bytes(Header, TrainingJsonContext.Default.CheckpointHeader);
                writer.Write(Magic);
                writer.Write(header.Length);
                writer.Write(header);
                writer.Write(MemoryMarshal.AsBytes(Parameters.AsSpan()));
                writer.Write(MemoryMarshal.AsBytes(FirstMoment.AsSpan()));
                writer.Write(MemoryMarshal.AsBytes(SecondMoment.AsSpan()));
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Reads a checkpoint that <see cref="Save"/> wrote.</summary>
    /// <exception cref="TrainingDataException">The file is missing, truncated or not a checkpoint.</exception>
    public static TrainingCheckpoint Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new TrainingDataException(path, 0, "is not an EdgeFM fine-tuning checkpoint (no EFMLORA1 header); pass a file that edgefm finetune wrote with --checkpoint.");
            }

            var headerLength = reader.ReadInt32();
            if (headerLength <= 0 || headerLength > stream.Length)
            {
                throw new TrainingDataException(path, 0, "has a corrupted header length; the checkpoint is damaged.");
            }

            var header = JsonSerializer.Deserialize(reader.ReadBytes(headerLength), TrainingJsonContext.Default.CheckpointHeader)
                ?? throw new TrainingDataException(path, 0, "has an empty header; the checkpoint is damaged.");
            var count = header.ParameterCount;
            if (count <= 0 || stream.Length != Magic.Length + sizeof(int) + headerLength + (3L * count * sizeof(float)))
            {
                throw new TrainingDataException(path, 0, $"is {stream.Length} bytes, which does not match its header ({count} weights); the checkpoint is truncated or damaged.");
            }

            return new TrainingCheckpoint
            {
                Header = header,
                Parameters = ReadFloats(reader, count),
                FirstMoment = ReadFloats(reader, count),
                SecondMoment = ReadFloats(reader, count),
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new TrainingDataException(path, 0, $"cannot be read as a checkpoint: {ex.Message}", ex);
        }
    }

    private static float[] ReadFloats(BinaryReader reader, int count)
    {
        var values = new float[count];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
