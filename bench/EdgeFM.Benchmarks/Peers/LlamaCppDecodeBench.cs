using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using LLama;
using LLama.Common;
using LLama.Native;

namespace EdgeFM.Benchmarks.Peers;

/// <summary>
/// <c>llamacpp-decode --model FILE [--prompt-tokens P] [--tokens N] [--threads T] [--runs R]</c>: llama.cpp's (through
/// LLamaSharp) prefill and decode speed on a GGUF file, measured exactly as <c>edgefm bench decode</c> measures
/// EdgeFM's: P random token ids (the same ids, from the same seeded generator) as one batch, then N tokens one at a
/// time, each the argmax of the last logits; one warm-up round, then the median of R rounds. llama.cpp keeps its
/// defaults otherwise (a half-precision KV cache, flash attention chosen by llama.cpp). Prints one JSON object:
/// <c>{"prefillTokensPerSecond":..,"decodeTokensPerSecond":..}</c>.
/// </summary>
internal static class LlamaCppDecodeBench
{
    public const string Command = "llamacpp-decode";

    public static int Run(string[] args)
    {
        string? model = null;
        int promptTokens = 128, tokens = 128, threads = 2, runs = 3;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--model": model = value; break;
                case "--prompt-tokens": promptTokens = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--tokens": tokens = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(value, CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"error: unknown option '{args[i]}'; use --model, --prompt-tokens, --tokens, --threads, --runs.");
                    return 2;
            }
        }

        if (model is null || !File.Exists(model))
        {
            Console.Error.WriteLine($"error: --model FILE is required and must exist (got '{model}').");
            return 2;
        }

        NativeLogConfig.llama_log_set((_, _) => { });
        var parameters = new ModelParams(model)
        {
            ContextSize = (uint)(promptTokens + tokens),
            BatchSize = (uint)promptTokens,
            UBatchSize = (uint)promptTokens,
            GpuLayerCount = 0,
            Threads = threads,
            BatchThreads = threads,
        };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);

        // The same prompt as EdgeFM's DecodeBenchmark: Random(1) over the vocabulary.
        var random = new Random(1);
        var prompt = new int[promptTokens];
        for (var i = 0; i < prompt.Length; i++)
        {
            prompt[i] = random.Next(context.Vocab.Count);
        }

        Round(context, prompt, tokens);
        var prefill = new double[runs];
        var decode = new double[runs];
        for (var r = 0; r < runs; r++)
        {
            (prefill[r], decode[r]) = Round(context, prompt, tokens);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"prefillTokensPerSecond\":{Median(prefill):F2},\"decodeTokensPerSecond\":{Median(decode):F2}}}"));
        return 0;
    }

    private static (double Prefill, double Decode) Round(LLamaContext context, int[] prompt, int tokens)
    {
        var handle = context.NativeHandle;
        handle.MemoryClear(true);
        var batch = new LLamaBatch();
        for (var i = 0; i < prompt.Length; i++)
        {
            batch.Add(prompt[i], i, LLamaSeqId.Zero, logits: i == prompt.Length - 1);
        }

        var start = Stopwatch.GetTimestamp();
        Check(handle.Decode(batch));
        var logits = handle.GetLogitsIth(prompt.Length - 1);
        var prefillSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        start = Stopwatch.GetTimestamp();
        for (var i = 0; i < tokens; i++)
        {
            batch.Clear();
            batch.Add(TensorPrimitives.IndexOfMax<float>(logits), prompt.Length + i, LLamaSeqId.Zero, logits: true);
            Check(handle.Decode(batch));
            logits = handle.GetLogitsIth(0);
        }

        var decodeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (prompt.Length / prefillSeconds, tokens / decodeSeconds);
    }

    private static void Check(DecodeResult result)
    {
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama.cpp's decode failed: {result}.");
        }
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
