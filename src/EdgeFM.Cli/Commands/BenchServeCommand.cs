using System.CommandLine;
using System.Globalization;
using EdgeFM.Gateway.Benchmarks;
using EdgeFM.Gateway.Configuration;

namespace EdgeFM.Cli.Commands;

/// <summary>
/// <c>edgefm bench serve</c>: the gateway under concurrent streaming load (requests/s, p50/p99 latency, time to first
/// token) next to the same load on the runtime directly; the difference is the gateway's overhead. With
/// <c>--adapters N</c>: the gateway's throughput when requests spread over N LoRA adapters, all fitting the budget and
/// with only <c>--adapters-fit K</c> fitting, against the base model alone (<see cref="AdapterServeBenchmark"/>). With
/// <c>--personalize F</c>: plain and NetGPT requests interleaved, and the latency the NetGPT edge stage adds
/// (<see cref="NetGptServeBenchmark"/>).
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
        var adapters = new Option<int>("--adapters") { Description = "Spread the requests over N random LoRA adapters (at least 2) and compare with the base model alone.", DefaultValueFactory = _ => 0 };
        var adaptersFit = new Option<int>("--adapters-fit") { Description = "With --adapters: adapters the smaller budget holds beside the base model (1 to N-1).", DefaultValueFactory = _ => 2 };
        var rank = new Option<int>("--rank") { Description = "With --adapters: rank of the random adapters.", DefaultValueFactory = _ => 8 };
        var rounds = new Option<int>("--rounds") { Description = "With --adapters: rounds, each measuring every configuration once, alternated.", DefaultValueFactory = _ => 3 };
        var personalize = new Option<double>("--personalize") { Description = "Send this fraction (0 to 1, exclusive) of the requests as NetGPT requests (edgefm.personalize with the data set's locations) and the rest as plain edge requests of the same prompts; report the latency the edge stage adds.", DefaultValueFactory = _ => 0 };
        var data = new Option<string>("--data") { Description = "With --personalize: the NetGPT data set whose prompts, users and locations the requests carry.", DefaultValueFactory = _ => Path.Combine("data", "netgpt", "personalization.jsonl") };
        var gazetteer = new Option<string?>("--gazetteer") { Description = "With --personalize: the gazetteer CSV (default: the one shipped with the gateway)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the request mix (--personalize) and of the adapters (--adapters).", DefaultValueFactory = _ => 1 };
        var warmUp = new Option<int>("--warm-up") { Description = "With --personalize: requests of each kind sent one at a time before measuring.", DefaultValueFactory = _ => 5 };
        var contextLength = new Option<int>("--context-length") { Description = "Context length (tokens) the model is loaded with (edgefm serve's default is 512).", DefaultValueFactory = _ => 256 };
        var cloud = new Option<bool>("--cloud") { Description = "With --personalize: answer through a cloud tier on loopback (a second gateway in the cloud role over the same model): plain requests go to it, NetGPT requests are completed at the edge and answered by it." };
        var json = new Option<bool>("--json") { Description = "With --personalize: print the report as one JSON object." };
        var command = new Command(Name, Description);
        command.Options.Add(json);
        command.Options.Add(cloud);
        command.Options.Add(contextLength);
        command.Options.Add(personalize);
        command.Options.Add(data);
        command.Options.Add(gazetteer);
        command.Options.Add(seed);
        command.Options.Add(warmUp);
        command.Options.Add(adapters);
        command.Options.Add(adaptersFit);
        command.Options.Add(rank);
        command.Options.Add(rounds);
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
                Adapters = parseResult.GetValue(adapters),
                AdaptersThatFit = parseResult.GetValue(adaptersFit),
                AdapterRank = parseResult.GetValue(rank),
                Rounds = parseResult.GetValue(rounds),
                Seed = parseResult.GetValue(seed),
                PersonalizeFraction = parseResult.GetValue(personalize),
                DataSetPath = parseResult.GetValue(data)!,
                GazetteerPath = parseResult.GetValue(gazetteer),
                WarmUp = parseResult.GetValue(warmUp),
                ContextLength = parseResult.GetValue(contextLength),
                LoopbackCloud = parseResult.GetValue(cloud),
            };
            if (!File.Exists(options.ModelPath))
            {
                throw new CliException($"--model {options.ModelPath}: file not found; give a GGUF or llama2.c model file.");
            }

            if (options.Requests < 1 || options.Concurrency < 1 || options.MaxTokens < 1 || options.ContextLength < 16)
            {
                throw new CliException($"--requests, --concurrency and --tokens must be at least 1 and --context-length at least 16 (got {options.Requests}, {options.Concurrency}, {options.MaxTokens}, {options.ContextLength}).");
            }

            if (options.PersonalizeFraction != 0)
            {
                return await RunNetGptAsync(options, parseResult.GetValue(json), cancellationToken).ConfigureAwait(false);
            }

            if (options.Adapters != 0)
            {
                return await RunAdaptersAsync(options, cancellationToken).ConfigureAwait(false);
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

    private static async Task<int> RunNetGptAsync(ServeBenchmarkOptions options, bool json, CancellationToken cancellationToken)
    {
        if (options.PersonalizeFraction is not (> 0 and < 1) || options.Requests < 2 || options.WarmUp < 0 || options.Adapters != 0)
        {
            throw new CliException($"--personalize must be between 0 and 1 (exclusive), with --requests at least 2, --warm-up at least 0 and no --adapters (got {options.PersonalizeFraction.ToString(CultureInfo.InvariantCulture)}, {options.Requests}, {options.WarmUp}, {options.Adapters}).");
        }

        if (!File.Exists(options.DataSetPath))
        {
            throw new CliException($"--data {options.DataSetPath}: file not found; give the NetGPT data set (data/netgpt/personalization.jsonl in the repository).");
        }

        NetGptServeReport report;
        try
        {
            report = await NetGptServeBenchmark.RunAsync(options, line => Console.Error.WriteLine(line), cancellationToken).ConfigureAwait(false);
        }
        catch (GatewayConfigurationException ex)
        {
            throw new CliException(ex.Message, ex);
        }

        await Console.Out.WriteAsync(json ? NetGptServeOutput.Json(report, options) : NetGptServeOutput.Table(report, options)).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task<int> RunAdaptersAsync(ServeBenchmarkOptions options, CancellationToken cancellationToken)
    {
        if (options.Adapters < 2 || options.AdaptersThatFit < 1 || options.AdaptersThatFit >= options.Adapters || options.AdapterRank < 1 || options.Rounds < 1)
        {
            throw new CliException($"--adapters must be at least 2, --adapters-fit from 1 to {options.Adapters - 1}, --rank and --rounds at least 1 (got {options.Adapters}, {options.AdaptersThatFit}, {options.AdapterRank}, {options.Rounds}).");
        }

        IReadOnlyList<AdapterServeRow> rows;
        try
        {
            rows = await AdapterServeBenchmark.RunAsync(options, line => Console.Error.WriteLine(line), cancellationToken).ConfigureAwait(false);
        }
        catch (GatewayConfigurationException ex)
        {
            throw new CliException(ex.Message, ex);
        }

        await Console.Out.WriteLineAsync($"{options.Requests} requests per run, {options.Concurrency} at a time, {options.MaxTokens} tokens each, {options.Rounds} alternated rounds (medians)").ConfigureAwait(false);
        await Console.Out.WriteLineAsync("config  adapters  fit  req/s    tok/s    req/s vs base  tok/s vs base  p50 ms   adapter loads/request").ConfigureAwait(false);
        foreach (var r in rows)
        {
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{r.Configuration,-6}  {r.Adapters,8}  {r.AdaptersThatFit,3}  {r.RequestsPerSecond,7:F1}  {r.TokensPerSecond,7:F0}  {r.RequestsRatio,13:F3}  {r.TokensRatio,13:F3}  {r.LatencyP50,7:F1}  {r.AdapterLoadsPerRequest,8:F2}")).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
