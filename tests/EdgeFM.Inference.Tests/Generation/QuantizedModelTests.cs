using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;
using EdgeFM.Inference.Models;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Generation;

/// <summary>
/// stories260K re-quantized to Q8_0 generates the F32 original's greedy tokens: run freely, the first
/// <see cref="FreeRunTokens"/> on every shared prompt; fed the F32 tokens, at every one of 64 steps except near-ties.
/// </summary>
public sealed class QuantizedModelTests
{
    private const int ComparedTokens = 64;

    // Measured: run freely, the earliest divergence on the shared prompts is the 13th generated token of one prompt,
    // at a near-tie of the F32 model's two best logits; 10 leaves a margin for kernels that round differently.
    private const int FreeRunTokens = 10;

    // Q8_0 keeps about 2-3 significant digits per weight; steps where the F32 model's two best logits are closer than
    // this may legitimately flip.
    private const float NearTie = 0.1f;
    private const float MaxLogitDifference = 0.5f;

    [Fact]
    public void Q8_0_copy_of_stories260K_picks_the_F32_greedy_tokens_outside_near_ties()
    {
        using var temp = new TempDirectory();
        var quantizedPath = temp.File("stories260K-q8_0.gguf");
        var quantizedTensors = WriteQuantizedCopy(SharedPaths.Model("stories260K.gguf"), quantizedPath, GgmlType.Q8_0);
        using var f32 = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"), new ModelLoadOptions { Threads = 1 });
        using var q8 = LlamaModel.Load(quantizedPath, new ModelLoadOptions { Threads = 1 });

        // Embedding, output, and Q, K, V, attention output, gate and up of the 5 layers; ffn_down rows (172) stay F32.
        Assert.Equal(2 + (6 * 5), quantizedTensors);
        Assert.Contains(q8.Tensors, t => t.Type == GgmlType.Q8_0);
        var largestDifference = 0f;
        foreach (var reference in ReferenceCase.All)
        {
            // Both models read the F32 model's greedy tokens, so one near-tie cannot derail the rest of the comparison.
            var f32Session = f32.CreateSession(reference.PromptTokens.Length + ComparedTokens);
            var q8Session = q8.CreateSession(reference.PromptTokens.Length + ComparedTokens);
            var expected = f32Session.Prefill(reference.PromptTokens);
            var actual = q8Session.Prefill(reference.PromptTokens);
            for (var step = 0; step < ComparedTokens; step++)
            {
                var token = TensorPrimitives.IndexOfMax(expected);
                var margin = expected[token] - DecodeChecks.Second(expected, token);
                largestDifference = Math.Max(largestDifference, TensorPrimitives.MaxMagnitude(Difference(expected, actual)));
                Assert.True(margin < NearTie || TensorPrimitives.IndexOfMax(actual) == token,
                    $"'{reference.Prompt}' step {step}: Q8_0 picks {TensorPrimitives.IndexOfMax(actual)}, F32 picks {token} by a margin of {margin}");
                expected = f32Session.Decode(token);
                actual = q8Session.Decode(token);
            }
        }

        Assert.True(largestDifference < MaxLogitDifference, $"Q8_0 logits differ from F32 by up to {largestDifference}");
    }

    [Fact]
    public void Q8_0_copy_of_stories260K_generates_the_F32_greedy_text_for_the_first_tokens()
    {
        using var temp = new TempDirectory();
        var quantizedPath = temp.File("stories260K-q8_0.gguf");
        WriteQuantizedCopy(SharedPaths.Model("stories260K.gguf"), quantizedPath, GgmlType.Q8_0);
        using var f32 = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"), new ModelLoadOptions { Threads = 1 });
        using var q8 = LlamaModel.Load(quantizedPath, new ModelLoadOptions { Threads = 1 });
        foreach (var reference in ReferenceCase.All)
        {
            Assert.Equal(FreeGreedy(f32, reference.PromptTokens), FreeGreedy(q8, reference.PromptTokens));
        }
    }

    /// <summary>Each model continues from its own greedy tokens, as <c>edgefm generate --temperature 0</c> does.</summary>
    private static int[] FreeGreedy(LlamaModel model, int[] prompt)
    {
        var session = model.CreateSession(prompt.Length + FreeRunTokens);
        var tokens = new int[FreeRunTokens];
        var logits = session.Prefill(prompt);
        for (var step = 0; step < FreeRunTokens; step++)
        {
            tokens[step] = TensorPrimitives.IndexOfMax(logits);
            if (step + 1 < FreeRunTokens)
            {
                logits = session.Decode(tokens[step]);
            }
        }

        return tokens;
    }

    private static float[] Difference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var difference = new float[a.Length];
        TensorPrimitives.Subtract(a, b, difference);
        return difference;
    }


    /// <summary>Copies a GGUF file, storing every matrix whose rows are a multiple of 32 elements as <paramref name="quantizedType"/>.</summary>
    internal static int WriteQuantizedCopy(string source, string destination, GgmlType quantizedType)
    {
        using var input = GgufFile.Open(source);
        using var output = GgufWriter.Create(destination);
        foreach (var (key, value) in input.Metadata)
        {
            output.AddMetadata(key, value.Type, value.Value);
        }

        var quantized = 0;
        var types = new List<GgmlType>();
        foreach (var tensor in input.Tensors)
        {
            var type = tensor.Dimensions.Count == 2 && tensor.Dimensions[0] % 32 == 0 ? quantizedType : GgmlType.F32;
            quantized += type == quantizedType ? 1 : 0;
            types.Add(type);
            output.AddTensor(tensor.Name, type, [.. tensor.Dimensions]);
        }

        for (var t = 0; t < input.Tensors.Count; t++)
        {
            var tensor = input.Tensors[t];
            var data = MemoryMarshal.Cast<byte, float>(input.GetTensorData(tensor));
            if (types[t] == GgmlType.F32)
            {
                output.WriteData(input.GetTensorData(tensor));
                continue;
            }

            var columns = (int)tensor.Dimensions[0];
            var row = new byte[GgmlTypeInfo.RowBytes(quantizedType, columns)];
            for (var r = 0; r < data.Length / columns; r++)
            {
                Quantize.Row(quantizedType, data.Slice(r * columns, columns), row);
                output.WriteData(row);
            }
        }

        output.Finish();
        return quantized;
    }
}
