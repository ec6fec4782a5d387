using System.Numerics.Tensors;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;
using EdgeFM.TestSupport;
using Xunit.Abstractions;

namespace EdgeFM.Inference.Tests.Lora;

/// <summary>
/// An adapter applied unmerged in a session (y = W·x + scale·B·(A·x)) computes the logits of the same adapter merged
/// into the weights (W + scale·B·A), in batched prefill and in decode; the base model is untouched.
/// </summary>
public sealed class LoraSessionTests(ITestOutputHelper output) : IDisposable
{
    private const int DecodeSteps = 12;
    private static readonly int[] Prompt = [1, 403, 407, 261, 378, 429, 3, 22, 60, 301, 7, 99, 150, 11, 41, 2, 5];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, GgmlType, bool, float> Bases => new()
    {
        // (model, type, repack, tolerance on logits). F32 bases differ only in summation order. Quantized bases
        // quantize activations to 8 bits before each quantized product while the merged F32 matrices take them
        // as float32, so each adapted product moves by up to half a quantization step of its input (measured below).
        { "stories260K.gguf", GgmlType.F32, false, 2e-4f },
        { "stories260K.bin", GgmlType.F32, false, 2e-4f },
        { "synth", GgmlType.F32, false, 2e-4f },
        { "synth", GgmlType.Q8_0, false, 0.02f },
        { "synth", GgmlType.Q4_0, true, 0.02f },
    };

    [Theory]
    [MemberData(nameof(Bases))]
    public void Unmerged_adapter_gives_the_logits_of_the_merged_one(string name, GgmlType type, bool repack, float tolerance)
    {
        using var model = Load(name, type, repack);
        var adapter = WriteAndLoad(model, seed: 7, alpha: 16f, rank: 4);
        using var merged = model.MergeAdapter(adapter, scale: 0.75f);
        var unmerged = model.CreateSession(Prompt.Length + DecodeSteps);
        unmerged.SetAdapter(adapter, 0.75f);
        var plain = model.CreateSession(Prompt.Length + DecodeSteps);
        var reference = merged.CreateSession(Prompt.Length + DecodeSteps);

        var (largest, effect) = (0f, 0f);
        var expected = reference.Prefill(Prompt);
        var actual = unmerged.Prefill(Prompt);
        var baseline = plain.Prefill(Prompt);
        for (var step = 0; ; step++)
        {
            largest = Math.Max(largest, MaxAbsDifference(expected, actual));
            effect = Math.Max(effect, MaxAbsDifference(expected, baseline));
            if (step == DecodeSteps)
            {
                break;
            }

            var token = TensorPrimitives.IndexOfMax(expected);
            expected = reference.Decode(token);
            actual = unmerged.Decode(token);
            baseline = plain.Decode(token);
        }

        output.WriteLine($"{name} {type}: unmerged vs merged {largest}, adapter effect {effect}");
        Assert.True(largest <= tolerance, $"unmerged and merged logits differ by {largest} (tolerance {tolerance})");
        // The adapter really changes the model: its effect is far above the tolerance.
        Assert.True(effect > 20 * tolerance, $"the adapter moved the logits by only {effect}");
        Assert.Equal(GgmlType.F32, merged.Tensors.Single(t => string.Equals(t.Name, "blk.1.attn_k.weight", StringComparison.Ordinal)).Type);
    }

    [Fact]
    public void Scale_zero_and_a_removed_adapter_give_the_base_model_exactly()
    {
        using var model = Load("synth", GgmlType.F32, repack: false);
        var adapter = WriteAndLoad(model, seed: 3, alpha: 8f, rank: 2);
        var baseSession = model.CreateSession(32);
        var zero = model.CreateSession(32);
        zero.SetAdapter(adapter, 0f);
        var removed = model.CreateSession(32);
        removed.SetAdapter(adapter);
        removed.SetAdapter(null);
        Assert.Equal((adapter, 0f), (zero.Adapter, zero.AdapterScale));
        Assert.Null(removed.Adapter);

        var expected = baseSession.Prefill(Prompt).ToArray();
        Assert.Equal(expected, zero.Prefill(Prompt).ToArray());
        Assert.Equal(expected, removed.Prefill(Prompt).ToArray());
        for (var step = 0; step < 5; step++)
        {
            var token = TensorPrimitives.IndexOfMax(expected);
            expected = baseSession.Decode(token).ToArray();
            Assert.Equal(expected, zero.Decode(token).ToArray());
        }
    }

    [Fact]
    public void Batched_prefill_with_an_adapter_matches_token_by_token_decoding()
    {
        using var model = Load("stories260K.gguf", GgmlType.F32, repack: false);
        var adapter = WriteAndLoad(model, seed: 11, alpha: 16f, rank: 8);
        var batched = model.CreateSession(Prompt.Length);
        var single = model.CreateSession(Prompt.Length);
        batched.SetAdapter(adapter, 1.5f);
        single.SetAdapter(adapter, 1.5f);
        var expected = batched.Prefill(Prompt).ToArray();
        ReadOnlySpan<float> actual = default;
        foreach (var token in Prompt)
        {
            actual = single.Decode(token);
        }

        Assert.True(MaxAbsDifference(expected, actual) <= 2e-4f);
    }

    [Fact]
    public void Sessions_with_different_adapters_share_one_model_concurrently()
    {
        using var model = Load("synth", GgmlType.Q8_0, repack: false);
        var adapters = Enumerable.Range(0, 4).Select(i => WriteAndLoad(model, seed: 100 + i, alpha: 16f, rank: 4)).ToArray();
        float[] Run(LoraAdapter? adapter)
        {
            var session = model.CreateSession(Prompt.Length + DecodeSteps);
            session.SetAdapter(adapter);
            var logits = session.Prefill(Prompt);
            for (var step = 0; step < DecodeSteps; step++)
            {
                logits = session.Decode(TensorPrimitives.IndexOfMax(logits));
            }

            return logits.ToArray();
        }

        var alone = adapters.Select(Run).Append(Run(null)).ToArray();
        var together = new float[alone.Length][];
        Parallel.For(0, alone.Length, i => together[i] = Run(i < adapters.Length ? adapters[i] : null));
        for (var i = 0; i < alone.Length; i++)
        {
            Assert.Equal(alone[i], together[i]);
        }

        Assert.NotEqual(alone[0], alone[1]);
    }

    [Fact]
    public void Decode_with_an_adapter_allocates_nothing_per_token()
    {
        using var model = Load("synth", GgmlType.F32, repack: false);
        var adapter = WriteAndLoad(model, seed: 5, alpha: 16f, rank: 8);
        var session = model.CreateSession(64);
        session.SetAdapter(adapter);
        session.Prefill(Prompt);
        var token = 1;
        for (var i = 0; i < 10; i++)
        {
            token = TensorPrimitives.IndexOfMax(session.Decode(token)); // warm-up (JIT, tiering)
        }

        var position = session.Position;
        var allocated = AllocationProbe.AllocatedBytes(() =>
        {
            session.Rewind(position);
            for (var i = 0; i < 30; i++)
            {
                token = TensorPrimitives.IndexOfMax(session.Decode(token));
            }
        });
        Assert.True(allocated == 0, $"{allocated} bytes allocated over 30 decode steps with an adapter");
    }

    private LlamaModel Load(string name, GgmlType type, bool repack) => string.Equals(name, "synth", StringComparison.Ordinal)
        ? TestAdapters.SynthModel(_temp, dimension: 64, vocabulary: 512, type, repack: repack)
        : LlamaModel.Load(SharedPaths.Model(name), new ModelLoadOptions { Threads = 1, RepackWeights = repack });

    private LoraAdapter WriteAndLoad(LlamaModel model, int seed, float alpha, int rank)
    {
        var path = _temp.File($"adapter-{seed}-{rank}-{model.Config.VocabularySize}-{Path.GetFileName(model.FilePath)}.gguf");
        LoraAdapterWriter.Write(path, TestAdapters.Random(model.Config, rank, alpha, seed));
        return LoraAdapter.Load(path, model);
    }

    private static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var largest = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            largest = Math.Max(largest, MathF.Abs(a[i] - b[i]));
        }

        return largest;
    }
}
