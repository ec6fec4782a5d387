using System.Diagnostics;
using System.Numerics.Tensors;
using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Synthesis;

namespace EdgeFM.Inference.Generation;

/// <summary>
/// Prefill and decode throughput of concurrent sessions over one base model, each session with one of k different
/// LoRA adapters applied unmerged (k = 0: the base model alone), as S-LoRA and vLLM measure multi-adapter serving.
/// </summary>
/// <remarks>
/// The sessions advance together as a server interleaves requests: every session prefills its prompt, then each decode
/// step runs one token of every session in turn (the model's kernels already use all its threads for one step, and
/// the pool runs one step at a time). The configurations are measured in alternation, round after round, so that
/// noise from other processes hits all of them alike; the median round counts and ratios are against the base model
/// of the same run. Adapters are random (<see cref="SyntheticAdapter"/>): speed does not depend on their values.
/// </remarks>
public static class AdapterBenchmark
{
    /// <summary>Measures every count in <paramref name="adapterCounts"/> (0 is added when absent, as the baseline).</summary>
    public static IReadOnlyList<AdapterBenchmarkRow> Run(LlamaModel model, IReadOnlyList<int> adapterCounts, int sessions, int promptTokens, int generatedTokens, int rank = 8, int runs = 3, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(adapterCounts);
        ArgumentOutOfRangeException.ThrowIfLessThan(sessions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(promptTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(generatedTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        if (adapterCounts.Any(c => c < 0 || c > sessions))
        {
            throw new ArgumentOutOfRangeException(nameof(adapterCounts), $"Adapter counts must be 0 to the number of sessions ({sessions}).");
        }

        var needed = (long)promptTokens + generatedTokens;
        if (needed > model.Config.ContextLength)
        {
            throw new ContextLengthExceededException((int)Math.Min(int.MaxValue, needed), model.Config.ContextLength);
        }

        var counts = adapterCounts.Prepend(0).Distinct().ToArray();
        var adapters = Enumerable.Range(0, counts.Max())
            .Select(i => LoraAdapter.FromWeights(SyntheticAdapter.Create(model.Config, rank, alpha: 2f * rank, seed + i), $"synthetic-adapter-{i}"))
            .ToArray();
        var random = new Random(seed);
        var prompts = Enumerable.Range(0, sessions).Select(_ => Enumerable.Range(0, promptTokens).Select(_ => random.Next(model.Config.VocabularySize)).ToArray()).ToArray();
        var groups = counts.Select(count => Enumerable.Range(0, sessions).Select(i =>
        {
            var session = model.CreateSession((int)needed);
            session.SetAdapter(count == 0 ? null : adapters[i % count]);
            return session;
        }).ToArray()).ToArray();

        // Wall-clock rates, then CPU-time rates, of each configuration's rounds.
        var prefill = counts.Select(_ => new double[runs]).ToArray();
        var decode = counts.Select(_ => new double[runs]).ToArray();
        var prefillCpu = counts.Select(_ => new double[runs]).ToArray();
        var decodeCpu = counts.Select(_ => new double[runs]).ToArray();
        foreach (var group in groups)
        {
            Round(group, prompts, generatedTokens); // warm-up: JIT tiering, page faults, first-use buffers
        }

        for (var r = 0; r < runs; r++)
        {
            for (var g = 0; g < groups.Length; g++)
            {
                // Alternate the order too, so no configuration always runs right after the same one.
                var index = r % 2 == 0 ? g : groups.Length - 1 - g;
                (prefill[index][r], decode[index][r], prefillCpu[index][r], decodeCpu[index][r]) = Round(groups[index], prompts, generatedTokens);
            }
        }

        var (p, d, pc, dc) = (Medians(prefill), Medians(decode), Medians(prefillCpu), Medians(decodeCpu));
        return [.. counts.Select((count, g) => new AdapterBenchmarkRow(count, sessions, p[g], d[g], p[g] / p[0], d[g] / d[0], pc[g] / pc[0], dc[g] / dc[0]))];
    }

    private static double[] Medians(double[][] rounds) => [.. rounds.Select(DecodeBenchmark.Median)];

    private static (double Prefill, double Decode, double PrefillCpu, double DecodeCpu) Round(InferenceSession[] sessions, int[][] prompts, int generatedTokens)
    {
        using var process = Process.GetCurrentProcess();
        var next = new int[sessions.Length];
        var cpu = process.TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        for (var s = 0; s < sessions.Length; s++)
        {
            sessions[s].Reset();
            next[s] = TensorPrimitives.IndexOfMax(sessions[s].Prefill(prompts[s]));
        }

        var prefillSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        process.Refresh();
        var prefillCpu = (process.TotalProcessorTime - cpu).TotalSeconds;
        cpu = process.TotalProcessorTime;
        start = Stopwatch.GetTimestamp();
        for (var i = 0; i < generatedTokens; i++)
        {
            for (var s = 0; s < sessions.Length; s++)
            {
                next[s] = TensorPrimitives.IndexOfMax(sessions[s].Decode(next[s]));
            }
        }

        var decodeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        process.Refresh();
        var decodeCpu = (process.TotalProcessorTime - cpu).TotalSeconds;
        var prompt = prompts.Sum(p => (long)p.Length);
        var decoded = (double)sessions.Length * generatedTokens;
        return (prompt / prefillSeconds, decoded / decodeSeconds, prompt / prefillCpu, decoded / decodeCpu);
    }
}
