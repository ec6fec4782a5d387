using System.Diagnostics;
using System.Numerics.Tensors;
using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;

namespace EdgeFM.Inference.Generation;

/// <summary>
/// Measures prefill and decode throughput the way <c>llama-bench -p P -n N</c> does: a prompt of P random tokens is
/// processed as a batch, then N tokens are decoded one at a time (greedy, never stopping at end-of-sequence).
/// </summary>
public static class DecodeBenchmark
{
    /// <summary>
    /// Runs one full warm-up round and <paramref name="runs"/> measured rounds and returns the median of each rate;
    /// with <paramref name="adapter"/>, the session applies it unmerged at <paramref name="adapterScale"/>.
    /// </summary>
    public static DecodeBenchmarkResult Run(LlamaModel model, int promptTokens, int generatedTokens, int runs = 3, int seed = 1, LoraAdapter? adapter = null, float adapterScale = 1f)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(promptTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(generatedTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var needed = (long)promptTokens + generatedTokens;
        if (needed > model.Config.ContextLength)
        {
            throw new ContextLengthExceededException((int)Math.Min(int.MaxValue, needed), model.Config.ContextLength);
        }

        var random = new Random(seed);
        var prompt = new int[promptTokens];
        for (var i = 0; i < prompt.Length; i++)
        {
            prompt[i] = random.Next(model.Config.VocabularySize);
        }

        var session = model.CreateSession((int)needed);
        session.SetAdapter(adapter, adapterScale);
        Round(session, prompt, generatedTokens); // warm-up: JIT tiering and page faults of the mapping
        var prefill = new double[runs];
        var decode = new double[runs];
        for (var r = 0; r < runs; r++)
        {
            (prefill[r], decode[r]) = Round(session, prompt, generatedTokens);
        }

        return new DecodeBenchmarkResult(promptTokens, generatedTokens, Median(prefill), Median(decode), session.KvCacheBytes);
    }

    private static (double Prefill, double Decode) Round(InferenceSession session, ReadOnlySpan<int> prompt, int generatedTokens)
    {
        session.Reset();
        var start = Stopwatch.GetTimestamp();
        var logits = session.Prefill(prompt);
        var prefillSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        start = Stopwatch.GetTimestamp();
        for (var i = 0; i < generatedTokens; i++)
        {
            logits = session.Decode(TensorPrimitives.IndexOfMax(logits));
        }

        var decodeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (prompt.Length / prefillSeconds, generatedTokens / decodeSeconds);
    }

    /// <summary>The median; sorts <paramref name="values"/> in place.</summary>
    internal static double Median(double[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
