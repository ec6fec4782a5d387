using System.Runtime.InteropServices;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;
using EdgeFM.Inference.Training;

namespace EdgeFM.Inference.Tests.Training;

/// <summary>Writes a copy of a float32 GGUF model with an adapter merged into its weights: W' = W + Scale · B·A.</summary>
internal static class MergedModel
{
    public static void Write(string basePath, LoraParameters adapter, string path)
    {
        using var source = GgufFile.Open(basePath);
        using var writer = GgufWriter.Create(path);
        foreach (var (key, value) in source.Metadata)
        {
            writer.AddMetadata(key, value.Type, value.Value);
        }

        foreach (var tensor in source.Tensors)
        {
            writer.AddTensor(tensor.Name, GgmlType.F32, [.. tensor.Dimensions]);
        }

        var slots = adapter.Slots.ToDictionary(s => s.TensorName, StringComparer.Ordinal);
        foreach (var tensor in source.Tensors)
        {
            var weights = new float[tensor.ElementCount];
            Dequantize.Row(tensor.Type, source.GetTensorData(tensor), weights);
            if (slots.TryGetValue(tensor.Name, out var slot))
            {
                var a = adapter.A(slot);
                var b = adapter.B(slot);
                for (var o = 0; o < slot.Outputs; o++)
                {
                    for (var c = 0; c < slot.Inputs; c++)
                    {
                        double sum = 0;
                        for (var k = 0; k < adapter.Rank; k++)
                        {
                            sum += (double)b[(o * adapter.Rank) + k] * a[(k * slot.Inputs) + c];
                        }

                        weights[(o * slot.Inputs) + c] += (float)(adapter.Scale * sum);
                    }
                }
            }

            writer.WriteData(MemoryMarshal.AsBytes(weights.AsSpan()));
        }

        writer.Finish();
    }
}
