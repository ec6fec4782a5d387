using EdgeFM.Gateway.Catalog;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Synthesis;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFM.Gateway.Benchmarks;

/// <summary>
/// Gateway throughput when requests spread over LoRA adapters, against the base model alone, in one process:
/// <c>base</c> (every request to the base model), <c>fit</c> (requests spread uniformly at random over N adapters that all
/// fit the budget) and <c>spill</c> (the same requests under a budget holding the base model and only K adapters, so
/// adapters are evicted and loaded again). Two gateways on loopback HTTP (one per budget) serve streaming greedy chat
/// requests; every round measures the three configurations one after another, and ratios are taken within a round,
/// so a loaded machine shifts numerator and denominator alike. Adapters are random (<see cref="SyntheticAdapter"/>),
/// written as GGUF files beside the model, as an operator would drop them in the models directory.
/// </summary>
public static class AdapterServeBenchmark
{
    private const string ModelId = ServeBenchmark.ModelId;

    /// <summary>The configurations, in the order each round measures them.</summary>
    private static readonly string[] Configurations = ["base", "fit", "spill"];

    /// <summary>Runs the benchmark; <paramref name="progress"/> receives one line per phase.</summary>
    public static async Task<IReadOnlyList<AdapterServeRow>> RunAsync(ServeBenchmarkOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        if (options.Adapters < 2 || options.AdaptersThatFit < 1 || options.AdaptersThatFit >= options.Adapters)
        {
            throw new ArgumentException($"The adapter benchmark needs at least 2 adapters and 1 to {options.Adapters - 1} that fit (got {options.Adapters} and {options.AdaptersThatFit}).", nameof(options));
        }

        var directory = Directory.CreateTempSubdirectory("edgefm-bench-adapters-");
        try
        {
            var (baseBytes, adapterBytes) = Prepare(directory.FullName, options);
            var roomy = baseBytes + (options.Adapters * adapterBytes) + adapterBytes;
            var tight = baseBytes + (options.AdaptersThatFit * adapterBytes) + (adapterBytes / 2);
            progress($"adapters: {options.Adapters} of rank {options.AdapterRank}, {adapterBytes:N0} bytes each; base {baseBytes:N0} bytes; spill budget holds {options.AdaptersThatFit}");
            var all = await Gateway.StartAsync(directory.FullName, options, roomy, cancellationToken).ConfigureAwait(false);
            await using var allScope = all.ConfigureAwait(false);
            var some = await Gateway.StartAsync(directory.FullName, options, tight, cancellationToken).ConfigureAwait(false);
            await using var someScope = some.ConfigureAwait(false);
            progress("warming up (loads the base models and the adapters)");
            await ServeBenchmark.SendAsync(all.Http, ServeBenchmark.Body(ModelId, options), cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < options.Adapters; i++)
            {
                await ServeBenchmark.SendAsync(all.Http, ServeBenchmark.Body(AdapterId(i), options), cancellationToken).ConfigureAwait(false);
                await ServeBenchmark.SendAsync(some.Http, ServeBenchmark.Body(AdapterId(i), options), cancellationToken).ConfigureAwait(false);
            }

            var runs = new List<(int Configuration, int Round, LoadRunResult Result, double LoadsPerRequest)>();
            for (var round = 0; round < options.Rounds; round++)
            {
                // The same adapter sequence for fit and spill within a round, a new one each round.
                var random = new Random(options.Seed + round);
                var choice = Enumerable.Range(0, options.Requests).Select(_ => random.Next(options.Adapters)).ToArray();
                for (var c = 0; c < Configurations.Length; c++)
                {
                    var (name, gateway, adapters) = (Configurations[c], c == 2 ? some : all, c > 0);
                    progress($"round {round + 1}/{options.Rounds}: {name}");
                    var loadsBefore = gateway.AdapterLoads(options.Adapters);
                    var result = await ServeBenchmark.MeasureAsync(
                        name,
                        options,
                        (index, ct) => ServeBenchmark.SendAsync(gateway.Http, ServeBenchmark.Body(adapters ? AdapterId(choice[index]) : ModelId, options), ct),
                        cancellationToken).ConfigureAwait(false);
                    runs.Add((c, round, result, (gateway.AdapterLoads(options.Adapters) - loadsBefore) / options.Requests));
                }
            }

            return [.. Configurations.Select((name, c) =>
            {
                var mine = runs.Where(r => r.Configuration == c).OrderBy(r => r.Round).ToList();
                var bases = runs.Where(r => r.Configuration == 0).OrderBy(r => r.Round).ToList();
                return new AdapterServeRow(
                    name,
                    c == 0 ? 0 : options.Adapters,
                    c == 2 ? options.AdaptersThatFit : options.Adapters,
                    Median(mine.Select(r => r.Result.RequestsPerSecond)),
                    Median(mine.Select(r => r.Result.TokensPerSecond)),
                    Median(mine.Select((r, i) => r.Result.RequestsPerSecond / bases[i].Result.RequestsPerSecond)),
                    Median(mine.Select((r, i) => r.Result.TokensPerSecond / bases[i].Result.TokensPerSecond)),
                    Median(mine.Select(r => r.Result.LatencyP50)),
                    mine.Average(r => r.LoadsPerRequest));
            })];
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string AdapterId(int index) => $"{ModelId}{AdapterEntry.Separator}a{index}";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Copies the model in and writes the adapters beside it as <c>bench.a0.gguf</c> …; returns the loaded sizes.</summary>
    private static (long BaseBytes, long AdapterBytes) Prepare(string directory, ServeBenchmarkOptions options)
    {
        ServeBenchmark.CopyModel(directory, options);
        var modelPath = Path.Combine(directory, ModelId + Path.GetExtension(options.ModelPath));

        LlamaConfig config;
        using (var model = LlamaModel.Load(modelPath, new ModelLoadOptions { TokenizerPath = options.TokenizerPath }))
        {
            config = model.Config;
        }

        for (var i = 0; i < options.Adapters; i++)
        {
            LoraAdapterWriter.Write(Path.Combine(directory, $"{ModelId}.a{i}.gguf"), SyntheticAdapter.Create(config, options.AdapterRank, 2f * options.AdapterRank, options.Seed + i));
        }

        var catalog = ModelDirectory.Scan(directory);
        var loader = ServeBenchmark.Loader(options);
        var baseEntry = catalog.Models.Single();
        return (loader.EstimateBytes(baseEntry), loader.MeasureAdapter(catalog.Adapters[0], baseEntry));
    }

    /// <summary>One gateway on loopback over the benchmark's directory, with its own budget.</summary>
    private sealed class Gateway : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Gateway(WebApplication app, HttpClient http)
        {
            _app = app;
            Http = http;
        }

        public HttpClient Http { get; }

        public static async Task<Gateway> StartAsync(string directory, ServeBenchmarkOptions options, long budget, CancellationToken cancellationToken)
        {
            var settings = ServeBenchmark.GatewaySettings(directory, options) with { MemoryBudgetBytes = budget, RoomWait = TimeSpan.FromSeconds(60) };
            var app = GatewayHost.Build(settings, ServeBenchmark.Loader(options));
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var http = ServeBenchmark.ClientOf(app, options);
            return new Gateway(app, http);
        }

        /// <summary>Adapter loads so far (successful ones).</summary>
        public double AdapterLoads(int adapters)
        {
            var metrics = _app.Services.GetRequiredService<GatewayMetrics>();
            return Enumerable.Range(0, adapters).Sum(i => metrics.Loads.Value(AdapterId(i), "ok"));
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
