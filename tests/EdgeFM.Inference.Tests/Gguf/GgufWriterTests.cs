using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Gguf;

public sealed class GgufWriterTests
{
    [Fact]
    public void Metadata_of_every_value_type_and_tensors_round_trip_through_GgufFile()
    {
        using var temp = new TempDirectory();
        var path = temp.File("roundtrip.gguf");
        var matrix = Enumerable.Range(0, 3 * 64).Select(i => (float)Math.Sin(i)).ToArray();
        var q8 = new byte[GgmlTypeInfo.RowBytes(GgmlType.Q8_0, 64) * 3];
        for (var r = 0; r < 3; r++)
        {
            Quantize.Row(GgmlType.Q8_0, matrix.AsSpan(r * 64, 64), q8.AsSpan(r * 68, 68));
        }

        using (var writer = GgufWriter.Create(path, alignment: 64))
        {
            writer.AddMetadata("u8", GgufValueType.UInt8, (byte)200);
            writer.AddMetadata("i8", GgufValueType.Int8, (sbyte)-5);
            writer.AddMetadata("u16", GgufValueType.UInt16, (ushort)60000);
            writer.AddMetadata("i16", GgufValueType.Int16, (short)-30000);
            writer.AddUInt32("u32", 4_000_000_000);
            writer.AddMetadata("i32", GgufValueType.Int32, -7);
            writer.AddFloat32("f32", 1.5f);
            writer.AddMetadata("bool", GgufValueType.Bool, true);
            writer.AddString("general.name", "héllo ▁world");
            writer.AddMetadata("u64", GgufValueType.UInt64, ulong.MaxValue);
            writer.AddMetadata("i64", GgufValueType.Int64, long.MinValue);
            writer.AddMetadata("f64", GgufValueType.Float64, Math.PI);
            writer.AddArray("strings", new[] { "a", "", "<0x0A>" });
            writer.AddArray("floats", new[] { 0.5f, -1f });
            writer.AddArray("ints", new[] { 1, 2, 3 });
            writer.AddArray("nested", new[]
            {
                new GgufValue(GgufValueType.Array, GgufValueType.Int32, new[] { 4, 5 }),
                new GgufValue(GgufValueType.Array, GgufValueType.String, new[] { "x" }),
            });
            writer.AddTensor("norm", GgmlType.F32, 5);
            writer.AddTensor("w", GgmlType.Q8_0, 64, 3);
            writer.WriteData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new float[] { 1, 2, 3, 4, 5 }.AsSpan()));
            writer.WriteData(q8.AsSpan(0, 100));
            writer.WriteData(q8.AsSpan(100));
            writer.Finish();
        }

        using var file = GgufFile.Open(path);
        Assert.Equal(64, file.Alignment);
        Assert.Equal((byte)200, file.Get("u8").Value);
        Assert.Equal((sbyte)-5, file.Get("i8").Value);
        Assert.Equal((ushort)60000, file.Get("u16").Value);
        Assert.Equal((short)-30000, file.Get("i16").Value);
        Assert.Equal(4_000_000_000u, file.Get("u32").Value);
        Assert.Equal(-7, file.Get("i32").Value);
        Assert.Equal(1.5f, file.Get("f32").Value);
        Assert.Equal(true, file.Get("bool").Value);
        Assert.Equal("héllo ▁world", file.GetString("general.name"));
        Assert.Equal(ulong.MaxValue, file.Get("u64").Value);
        Assert.Equal(long.MinValue, file.Get("i64").Value);
        Assert.Equal(Math.PI, file.Get("f64").Value);
        Assert.Equal(["a", "", "<0x0A>"], file.GetArray<string>("strings"));
        Assert.Equal([0.5f, -1f], file.GetArray<float>("floats"));
        Assert.Equal([1, 2, 3], file.GetArray<int>("ints"));
        var nested = file.GetArray<GgufValue>("nested");
        Assert.Equal([4, 5], nested[0].AsArray<int>());
        Assert.Equal(["x"], nested[1].AsArray<string>());

        var norm = file.GetTensor("norm");
        Assert.Equal([5L], norm.Dimensions);
        Assert.Equal(0, norm.Offset % 64);
        Assert.Equal([1f, 2f, 3f, 4f, 5f], System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(file.GetTensorData(norm)).ToArray());
        var w = file.GetTensor("w");
        Assert.Equal([64L, 3L], w.Dimensions);
        Assert.Equal(GgmlType.Q8_0, w.Type);
        Assert.Equal(0, w.Offset % 64);
        Assert.Equal(q8, file.GetTensorData(w).ToArray());
    }

    [Fact]
    public void Finishing_before_all_tensor_bytes_are_written_names_the_tensor()
    {
        using var stream = new MemoryStream();
        using var writer = new GgufWriter(stream);
        writer.AddTensor("blk.0.attn_q.weight", GgmlType.F32, 4, 4);
        writer.WriteData(new byte[10]);

        var error = Assert.Throws<InvalidOperationException>(writer.Finish);

        Assert.Contains("blk.0.attn_q.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mismatched_metadata_value_and_late_declarations_are_rejected()
    {
        using var stream = new MemoryStream();
        using var writer = new GgufWriter(stream);
        Assert.Throws<ArgumentException>(() => writer.AddMetadata("x", GgufValueType.UInt32, 5));
        writer.AddTensor("t", GgmlType.F32, 1);
        writer.WriteData(new byte[4]);
        Assert.Throws<InvalidOperationException>(() => writer.AddString("late", "no"));
        Assert.Throws<InvalidOperationException>(() => writer.WriteData(new byte[1]));
    }
}
