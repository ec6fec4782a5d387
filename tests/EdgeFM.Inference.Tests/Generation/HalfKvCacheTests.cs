using System.Numerics.Tensors;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Models;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Generation;

/// <summary>stories260K with an F16 KV cache: half the cache, the F32 cache's greedy choices outside near-ties, no allocation per token.</summary>
public sealed class HalfKvCacheTests
{
    private const int Steps = 64;

    // Keys and values keep 11 significant bits; steps where the F32 model's two best logits are closer than this may
    // legitimately flip.
    private const float NearTie = 0.05f;

    [Fact]
    public void F16_cache_follows_the_F32_cache_on_every_shared_prompt()
    {
        using var f32 = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"), new ModelLoadOptions { Threads = 1 });
        using var f16 = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"), new ModelLoadOptions { Threads = 1, KvCacheType = GgmlType.F16 });
        Assert.Equal(GgmlType.F16, f16.KvCacheType);
        var largest = 0f;
        foreach (var reference in ReferenceCase.All)
        {
            var a = f32.CreateSession(reference.PromptTokens.Length + Steps);
            var b = f16.CreateSession(reference.PromptTokens.Length + Steps);
            Assert.Equal(GgmlType.F16, b.KvCacheType);
            Assert.Equal(a.KvCacheBytes, 2 * b.KvCacheBytes);
            var expected = a.Prefill(reference.PromptTokens);
            var actual = b.Prefill(reference.PromptTokens);
            for (var step = 0; step < Steps; step++)
            {
                var token = TensorPrimitives.IndexOfMax(expected);
                var margin = expected[token] - DecodeChecks.Second(expected, token);
                for (var i = 0; i < expected.Length; i++)
                {
                    largest = Math.Max(largest, MathF.Abs(expected[i] - actual[i]));
                }

                Assert.True(margin < NearTie || TensorPrimitives.IndexOfMax(actual) == token,
                    $"'{reference.Prompt}' step {step}: F16 cache picks {TensorPrimitives.IndexOfMax(actual)}, F32 picks {token} by {margin}");
                expected = a.Decode(token);
                actual = b.Decode(token);
            }
        }

        // Measured: 0.021 at most, on logits of magnitude ~10.
        Assert.True(largest < 0.05f, $"F16-cache logits differ by up to {largest}");
        Assert.True(largest > 0, "the F16 cache should round something");
    }

    [Fact]
    public void F16_cache_decodes_without_allocating_and_estimates_its_size()
    {
        using var model = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"), new ModelLoadOptions { Threads = 2, KvCacheType = GgmlType.F16 });
        using var f32 = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"), new ModelLoadOptions { Threads = 1 });
        var cacheHalf = 2L * model.Config.Layers * 512 * model.Config.KvDimension * sizeof(ushort);
        Assert.Equal(cacheHalf, f32.EstimateMemoryBytes(512) - model.EstimateMemoryBytes(512));

        Assert.Equal(0, DecodeChecks.AllocatedOverGreedyDecode(model));
        Assert.Throws<ArgumentOutOfRangeException>(() => LlamaModel.Load(SharedPaths.Model("stories260K.gguf"), new ModelLoadOptions { KvCacheType = GgmlType.Q8_0 }));
    }
}
