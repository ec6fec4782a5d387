using System.CommandLine;
using System.Globalization;
using System.Text;
using EdgeFM.Inference.Generation;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm bench lora</c>: throughput of concurrent sessions with 0, 1, 2, 8 ... different LoRA adapters over one base model.</summary>
internal static class BenchLoraCommand
{
    internal const string Name = "lora";

    internal const string Description = "Measure prefill and decode speed of concurrent sessions spread over k different LoRA adapters (random, unmerged) against the base model alone.";

    internal static Command Create()
    {
        var model = new ModelOptions();
        var adapters = new Option<string>("--adapters") { Description = "Comma-separated adapter counts to measure (0 = base model alone, always measured).", DefaultValueFactory = _ => "0,1,2,8" };
        var sessions = new Option<int>("--sessions") { Description = "Concurrent sessions (at least the largest adapter count).", DefaultValueFactory = _ => 8 };
        var rank = new Option<int>("--rank") { Description = "Rank of the random adapters (all seven block targets and the output matrix).", DefaultValueFactory = _ => 8 };
        var promptTokens = new Option<int>("--prompt-tokens") { Description = "Prompt tokens per session, prefilled as one batch.", DefaultValueFactory = _ => 64 };
        var tokens = new Option<int>("--tokens") { Description = "Tokens decoded per session.", DefaultValueFactory = _ => 32 };
        var runs = new Option<int>("--runs") { Description = "Measured rounds per configuration after a warm-up; the median is reported.", DefaultValueFactory = _ => 3 };
        var command = new Command(Name, Description);
        model.AddTo(command);
        foreach (var option in new Option[] { adapters, sessions, rank, promptTokens, tokens, runs })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var counts = ParseCounts(parseResult.GetValue(adapters)!);
            var (s, r, p, n, k) = (parseResult.GetValue(sessions), parseResult.GetValue(runs), parseResult.GetValue(promptTokens), parseResult.GetValue(tokens), parseResult.GetValue(rank));
            if (s < 1 || r < 1 || p < 1 || n < 1 || k < 1)
            {
                throw new CliException($"--sessions, --runs, --prompt-tokens, --tokens and --rank must be at least 1 (got {s}, {r}, {p}, {n}, {k}).");
            }

            if (counts.Max() > s)
            {
                throw new CliException($"--adapters {counts.Max()} needs at least that many --sessions (got {s}).");
            }

            using var loaded = model.Load(parseResult, loadTokenizer: false);
            IReadOnlyList<AdapterBenchmarkRow> rows;
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                rows = AdapterBenchmark.Run(loaded, counts, s, p, n, k, r);
            }
            catch (ContextLengthExceededException ex)
            {
                throw new CliException($"{ex.Message} (lower --prompt-tokens or --tokens)", ex);
            }

            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"model {loaded.FilePath} ({loaded.Config.ParameterCount:N0} parameters, {loaded.Pool.Threads} threads); {s} sessions, rank {k}, pp{p} tg{n}, median of {r}\n");
            text.Append("| adapters | prefill tok/s | vs base | vs base (CPU time) | decode tok/s | vs base | vs base (CPU time) |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            foreach (var row in rows)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {row.Adapters} | {row.PrefillTokensPerSecond:F0} | {row.PrefillRatio:F3} | {row.PrefillCpuRatio:F3} | {row.DecodeTokensPerSecond:F1} | {row.DecodeRatio:F3} | {row.DecodeCpuRatio:F3} |\n");
            }

            await Console.Out.WriteAsync(text.ToString()).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static int[] ParseCounts(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var counts = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out counts[i]))
            {
                throw new CliException($"--adapters '{text}': '{parts[i]}' is not a count; give counts like 0,1,2,8.");
            }
        }

        return counts.Length > 0 ? counts : throw new CliException("--adapters needs at least one count, like 0,1,2,8.");
    }
}
