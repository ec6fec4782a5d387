using System.Numerics.Tensors;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;
using EdgeFM.Inference.Models;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Generation;

/// <summary>
/// A Q4_0 copy of stories260K loaded with its matrices repacked (<see cref="ModelLoadOptions.RepackWeights"/>)
/// computes the logits of the same copy loaded as zero-copy views (up to activation rounding), on every shared prompt
/// and 32 decode steps.
/// </summary>
public sealed class RepackedModelTests
{
    private const int Steps = 32;

    [Fact]
    public void Repacked_Q4_0_model_computes_the_logits_of_the_mapped_one()
    {
        using var temp = new TempDirectory();
        var path = temp.File("stories260K-q4_0.gguf");
        QuantizedModelTests.WriteQuantizedCopy(SharedPaths.Model("stories260K.gguf"), path, GgmlType.Q4_0);
        using var mapped = LlamaModel.Load(path, new ModelLoadOptions { Threads = 2, RepackWeights = false });
        using var repacked = LlamaModel.Load(path, new ModelLoadOptions { Threads = 2 });

        // Q, K, V, attention output, gate and up of the 5 layers (gate and up have 172 rows: 168 interleaved and a
        // row-major tail of 4) and the output matrix; ffn_down's rows (172 columns) stay F32 and the token embedding
        // table, read a row at a time, stays mapped.
        var layer = repacked.Weights.Layers[0];
        Assert.Equal(WeightLayout.Q4_0x8, layer.Query.Layout);
        Assert.Equal(168, layer.Gate.InterleavedRows);
        Assert.Equal(WeightLayout.RowMajor, repacked.Weights.TokenEmbedding.Layout);
        Assert.Equal((6 * 5) + 1, repacked.Weights.Repacked!.Matrices);
        Assert.All(mapped.Weights.Layers, l => Assert.Equal(WeightLayout.RowMajor, l.Query.Layout));
        Assert.Null(mapped.Weights.Repacked);

        var largest = 0f;
        foreach (var reference in ReferenceCase.All)
        {
            var a = mapped.CreateSession(reference.PromptTokens.Length + Steps);
            var b = repacked.CreateSession(reference.PromptTokens.Length + Steps);
            var expected = a.Prefill(reference.PromptTokens);
            var actual = b.Prefill(reference.PromptTokens);
            for (var step = 0; step < Steps; step++)
            {
                for (var i = 0; i < expected.Length; i++)
                {
                    largest = Math.Max(largest, MathF.Abs(expected[i] - actual[i]));
                }

                var token = TensorPrimitives.IndexOfMax(expected);
                expected = a.Decode(token);
                actual = b.Decode(token);
            }
        }

        // The kernels differ only in float summation order and fused rounding (1e-6 relative per dot product), but
        // the next layer quantizes its activations to 8 bits, and a value that lands on the other side of a rounding
        // boundary moves by a whole quantization step: measured 0.011 at most on logits of magnitude ~10. A wiring
        // error (a wrong row, group, activation row or side data) shows up as differences of order 1.
        Assert.True(largest < 0.05f, $"repacked logits differ by up to {largest}");
    }

    [Fact]
    public void Repacked_model_decodes_without_allocating()
    {
        using var temp = new TempDirectory();
        var path = temp.File("stories260K-q4_0.gguf");
        QuantizedModelTests.WriteQuantizedCopy(SharedPaths.Model("stories260K.gguf"), path, GgmlType.Q4_0);
        using var model = LlamaModel.Load(path, new ModelLoadOptions { Threads = 2 });
        Assert.Equal(0, DecodeChecks.AllocatedOverGreedyDecode(model));
    }
}
