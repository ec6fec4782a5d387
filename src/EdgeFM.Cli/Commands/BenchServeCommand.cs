using System.CommandLine;
using System.Globalization;
using EdgeFM.Gateway.Benchmarks;
using EdgeFM.Gateway.Configuration;

namespace EdgeFM.Cli.Commands;

/// <summary>
/// <c>edgefm bench serve</c>: the gateway under concurrent streaming load (requests/s, p50/p99 latency, time to first
/// token) next to the same load on the runtime directly; the difference is the gateway's overhead.
/// </summary>
internal static class BenchServeCommand
{
    internal const string Name = "serve";

    internal const string Description = "Measure the gateway under concurrent load against calling the runtime directly.";

    internal static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model file (GGUF, or llama2.c with --tokenizer).", Required = true };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "llama2.c tokenizer file for a .bin checkpoint." };
        var requests = new Option<int>("--requests") { Description = "Requests per mode after a warm-up.", DefaultValueFactory = _ => 200 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once.", DefaultValueFactory = _ => 4 };
        var tokens = new Option<int>("--tokens") { Description = "Tokens each request generates (greedy).", DefaultValueFactory = _ => 32 };
        var threads = new Option<int>("--threads") { Description = "Compute threads of the model in both modes (0: auto, as serve chooses).", DefaultValueFactory = _ => 0 };
        var command = new Command(Name, Description);
        command.Options.Add(model);
        command.Options.Add(tokenizer);
        command.Options.Add(requests);
        command.Options.Add(concurrency);
        command.Options.Add(tokens);
        command.Options.Add(threads);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new ServeBenchmarkOptions
            {
                ModelPath = parseResult.GetValue(model)!,
                TokenizerPath = parseResult.GetValue(tokenizer),
                Requests = parseResult.GetValue(requests),
                Concurrency = parseResult.GetValue(concurrency),
                MaxTokens = parseResult.GetValue(tokens),
                Threads = parseResult.GetValue(threads),
            };
            if (!File.Exists(options.ModelPath))
            {
                throw new CliException($"--model {options.ModelPath}: file not found; give a GGUF or llama2.c model file.");
            }

            if (options.Requests < 1 || options.Concurrency < 1 || options.MaxTokens < 1)
            {
                throw new CliException($"--requests, --concurrency and --tokens must be at least 1 (got {options.Requests}, {options.Concurrency}, {options.MaxTokens}).");
            }

            IReadOnlyList<LoadRunResult> results;
            try
            {
                results = await ServeBenchmark.RunAsync(options, line => Console.Error.WriteLine(line), cancellationToken).ConfigureAwait(false);
            }
            catch (GatewayConfigurationException ex)
            {
                throw new CliException(ex.Message, ex);
            }
            await Console.Out.WriteLineAsync("mode     requests  conc  req/s    tok/s    p50 ms   p99 ms   ttft p50  ttft p99").ConfigureAwait(false);
            foreach (var r in results)
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Mode,-8} {r.Requests,8}  {r.Concurrency,4}  {r.RequestsPerSecond,7:F1}  {r.TokensPerSecond,7:F0}  {r.LatencyP50,7:F1}  {r.LatencyP99,7:F1}  {r.FirstTokenP50,8:F2}  {r.FirstTokenP99,8:F2}")).ConfigureAwait(false);
            }

            var gateway = results[0];
            var direct = results[1];
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"overhead: p50 latency +{gateway.LatencyP50 - direct.LatencyP50:F2} ms, time to first token +{gateway.FirstTokenP50 - direct.FirstTokenP50:F2} ms, throughput {gateway.RequestsPerSecond / direct.RequestsPerSecond:P1} of direct")).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
