using System.Numerics.Tensors;
using EdgeFM.Inference.Models;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Generation;

/// <summary>
/// Greedy decoding of stories260K against the llama2.c C reference, token for token and logit for logit, from both
/// the llama2.c checkpoint and the GGUF conversion. The reference's token list ends with the BOS token that stopped it.
/// </summary>
public sealed class ReferenceGreedyTests
{
    private const float LogitTolerance = 1e-4f;
    private const int BosToken = 1;

    public static TheoryData<string, int> FilesAndCases()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in new[] { "stories260K.bin", "stories260K.gguf" })
        {
            for (var i = 0; i < ReferenceCase.All.Count; i++)
            {
                data.Add(file, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FilesAndCases))]
    public void Token_by_token_decoding_reproduces_every_token_and_logit(string file, int caseIndex)
    {
        var reference = ReferenceCase.All[caseIndex];
        using var model = LlamaModel.Load(SharedPaths.Model(file), new ModelLoadOptions { Threads = 2 });
        var session = model.CreateSession();

        var token = reference.PromptTokens[0];
        var generated = new List<int>();
        for (var pos = 0; pos < reference.StepCount; pos++)
        {
            var logits = session.Decode(token);
            if (pos < reference.Steps.Length)
            {
                AssertStep(reference.Steps[pos], logits, $"{file} case {caseIndex} position {pos}");
            }

            var next = pos < reference.PromptTokens.Length - 1 ? reference.PromptTokens[pos + 1] : TensorPrimitives.IndexOfMax(logits);
            generated.Add(next);
            if (next == BosToken)
            {
                break;
            }

            token = next;
        }

        Assert.Equal(reference.Tokens, generated);
    }

    [Theory]
    [MemberData(nameof(FilesAndCases))]
    public void Batched_prefill_then_decoding_reproduces_the_reference(string file, int caseIndex)
    {
        var reference = ReferenceCase.All[caseIndex];
        using var model = LlamaModel.Load(SharedPaths.Model(file), new ModelLoadOptions { Threads = 2 });
        var session = model.CreateSession();

        var prompt = reference.PromptTokens;
        var logits = session.Prefill(prompt);
        var pos = prompt.Length - 1;
        AssertStep(reference.Steps[pos], logits, $"{file} case {caseIndex} after prefill");
        var generated = new List<int>(prompt[1..]);
        while (pos + 1 < reference.StepCount)
        {
            var next = TensorPrimitives.IndexOfMax(logits);
            generated.Add(next);
            if (next == BosToken)
            {
                break;
            }

            logits = session.Decode(next);
            pos++;
            if (pos < reference.Steps.Length)
            {
                AssertStep(reference.Steps[pos], logits, $"{file} case {caseIndex} position {pos}");
            }
        }

        if (pos + 1 == reference.StepCount)
        {
            generated.Add(TensorPrimitives.IndexOfMax(logits));
        }

        Assert.Equal(reference.Tokens, generated);
    }

    [Fact]
    public void Gguf_conversion_stores_query_and_key_rows_in_the_llama2c_order()
    {
        // Both files use the adjacent-pair RoPE layout, so the converter copied Q and K without permuting rows.
        using var bin = LlamaModel.Load(SharedPaths.Model("stories260K.bin"));
        using var gguf = LlamaModel.Load(SharedPaths.Model("stories260K.gguf"));
        for (var l = 0; l < bin.Config.Layers; l++)
        {
            var a = bin.Weights.Layers[l];
            var b = gguf.Weights.Layers[l];
            for (var r = 0; r < a.Query.Rows; r++)
            {
                Assert.True(a.Query.Row(r).SequenceEqual(b.Query.Row(r)), $"layer {l} query row {r}");
            }

            for (var r = 0; r < a.Key.Rows; r++)
            {
                Assert.True(a.Key.Row(r).SequenceEqual(b.Key.Row(r)), $"layer {l} key row {r}");
            }
        }
    }

    private static void AssertStep(ReferenceStep step, ReadOnlySpan<float> logits, string where)
    {
        Assert.True(Math.Abs(TensorPrimitives.Max(logits) - step.MaxLogit) <= LogitTolerance, $"{where}: max logit {TensorPrimitives.Max(logits)} vs {step.MaxLogit}");
        Assert.True(Math.Abs(logits[0] - step.Logit0) <= LogitTolerance, $"{where}: logit 0 {logits[0]} vs {step.Logit0}");
        Assert.True(Math.Abs(logits[^1] - step.LogitLast) <= LogitTolerance, $"{where}: last logit {logits[^1]} vs {step.LogitLast}");
    }
}
