using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EdgeFM.Inference.Generation;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm bench decode</c>: prefill and decode throughput of a model, like <c>llama-bench -p P -n N</c>.</summary>
internal static class BenchDecodeCommand
{
    internal static Command Create()
    {
        var model = new ModelOptions();
        var promptTokens = new Option<int>("--prompt-tokens") { Description = "Prompt tokens processed as one batch.", DefaultValueFactory = _ => 128 };
        var tokens = new Option<int>("--tokens") { Description = "Tokens decoded one at a time.", DefaultValueFactory = _ => 128 };
        var runs = new Option<int>("--runs") { Description = "Measured rounds after a warm-up; the median is reported.", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("decode", "Measure prefill and decode tokens per second and peak resident memory of a model.");
        model.AddTo(command);
        command.Options.Add(promptTokens);
        command.Options.Add(tokens);
        command.Options.Add(runs);
        command.Options.Add(json);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var p = parseResult.GetValue(promptTokens);
            var n = parseResult.GetValue(tokens);
            var r = parseResult.GetValue(runs);
            if (p < 1 || n < 1 || r < 1)
            {
                throw new CliException($"--prompt-tokens, --tokens and --runs must be at least 1 (got {p}, {n}, {r}).");
            }

            using var loaded = model.Load(parseResult);
            DecodeBenchmarkResult result;
            try
            {
                result = await Task.Run(() => DecodeBenchmark.Run(loaded, p, n, r), cancellationToken).ConfigureAwait(false);
            }
            catch (ContextLengthExceededException ex)
            {
                throw new CliException($"{ex.Message} (lower --prompt-tokens or --tokens)", ex);
            }

            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var peak = process.PeakWorkingSet64; // VmHWM on Linux
            if (parseResult.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    prefillTokensPerSecond = Math.Round(result.PrefillTokensPerSecond, 2),
                    decodeTokensPerSecond = Math.Round(result.DecodeTokensPerSecond, 2),
                    peakMemoryBytes = peak,
                })).ConfigureAwait(false);
            }
            else
            {
                var c = loaded.Config;
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"""
                    model       {loaded.FilePath} ({c.ParameterCount:N0} parameters, {loaded.FileBytes:N0} bytes, {loaded.Pool.Threads} threads)
                    prefill     {result.PrefillTokensPerSecond:F1} tok/s (pp{p})
                    decode      {result.DecodeTokensPerSecond:F1} tok/s (tg{n})
                    peak memory {peak:N0} bytes
                    """)).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
