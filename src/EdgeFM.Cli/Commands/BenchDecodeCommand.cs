using System.CommandLine;
using System.Globalization;
using EdgeFM.Inference.Diagnostics;
using EdgeFM.Inference.Generation;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm bench decode</c>: prefill and decode throughput of a model, like <c>llama-bench -p P -n N</c>.</summary>
internal static class BenchDecodeCommand
{
    internal const string Name = "decode";

    internal const string Description = "Measure prefill and decode tokens per second and peak resident memory of a model.";

    internal static Command Create()
    {
        var model = new ModelOptions();
        var adapterOptions = new AdapterOptions();
        var promptTokens = new Option<int>("--prompt-tokens") { Description = "Prompt tokens processed as one batch.", DefaultValueFactory = _ => 128 };
        var tokens = new Option<int>("--tokens") { Description = "Tokens decoded one at a time.", DefaultValueFactory = _ => 128 };
        var runs = new Option<int>("--runs") { Description = "Measured rounds after a warm-up; the median is reported.", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command(Name, Description);
        model.AddTo(command);
        adapterOptions.AddTo(command);
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

            // Everything resident before the model is opened: the runtime, the loaded assemblies and the command line.
            var baseline = ProcessMemory.ResidentBytes();

            // The benchmark feeds random token ids, so the vocabulary is not read (llama2's is ~8 MiB resident).
            using var baseModel = model.Load(parseResult, loadTokenizer: false);
            var (loaded, adapter, adapterScale, merged) = adapterOptions.Resolve(parseResult, baseModel);
            using var mergedModel = merged;
            DecodeBenchmarkResult result;
            try
            {
                // On this thread rather than the thread pool: a pool worker and its gate thread cost ~1 MiB resident.
                cancellationToken.ThrowIfCancellationRequested();
                result = DecodeBenchmark.Run(loaded, p, n, r, adapter: adapter, adapterScale: adapterScale);
            }
            catch (ContextLengthExceededException ex)
            {
                throw new CliException($"{ex.Message} (lower --prompt-tokens or --tokens)", ex);
            }

            var peak = ProcessMemory.PeakResidentBytes();
            var text = parseResult.GetValue(json) ? Json(result, peak, baseline, loaded.FileBytes) : string.Create(CultureInfo.InvariantCulture,
                $"""
                model       {loaded.FilePath} ({loaded.Config.ParameterCount:N0} parameters, {loaded.FileBytes:N0} bytes, {loaded.Pool.Threads} threads){AdapterNote(parseResult, adapterOptions)}
                prefill     {result.PrefillTokensPerSecond:F1} tok/s (pp{p})
                decode      {result.DecodeTokensPerSecond:F1} tok/s (tg{n})
                peak memory {peak:N0} bytes ({baseline:N0} before the model was loaded; file {loaded.FileBytes:N0} + KV cache {result.KvCacheBytes:N0})
                """);
            await Console.Out.WriteLineAsync(text).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string AdapterNote(ParseResult parseResult, AdapterOptions options) => parseResult.GetValue(options.Adapter) is { } path
        ? string.Create(CultureInfo.InvariantCulture, $"\nadapter     {path} (scale {parseResult.GetValue(options.Scale)}, {(parseResult.GetValue(options.Merge) ? "merged" : "unmerged")})")
        : string.Empty;

    /// <summary>
    /// One flat JSON object of numbers, formatted directly: System.Text.Json (even its <c>Utf8JsonWriter</c>) would add
    /// ~2 MiB of assembly pages and compiled code to the process after its peak memory was read. The keys are fixed and
    /// the values finite numbers in invariant round-trip form, so no escaping is needed.
    /// </summary>
    private static string Json(DecodeBenchmarkResult result, long peak, long baseline, long fileBytes) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"prefillTokensPerSecond\":{Rate(result.PrefillTokensPerSecond):R},\"decodeTokensPerSecond\":{Rate(result.DecodeTokensPerSecond):R},\"peakMemoryBytes\":{peak},\"baselineMemoryBytes\":{baseline},\"modelFileBytes\":{fileBytes},\"kvCacheBytes\":{result.KvCacheBytes}}}");

    /// <summary>Tokens per second rounded to 2 decimals; a phase too fast for the clock (infinite rate) reports 0.</summary>
    private static double Rate(double tokensPerSecond) => double.IsFinite(tokensPerSecond) ? Math.Round(tokensPerSecond, 2) : 0;
}
