using System.Net;
using System.Text;
using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFM.Gateway.Benchmarks;

/// <summary>
/// Load benchmark of the gateway: the same streaming chat requests, with the same concurrency, sent once through
/// a gateway on loopback HTTP (Kestrel, SSE, cache, queues, metrics) and once straight to the runtime's chat client.
/// The difference is the gateway's overhead.
/// </summary>
public static class ServeBenchmark
{
    // A benchmark measures wall time by definition; it still reads it through the gateway's one clock abstraction.
    private static readonly TimeProvider Clock = TimeProvider.System;

    /// <summary>Runs both modes, gateway first; <paramref name="progress"/> receives one line per phase.</summary>
    public static async Task<IReadOnlyList<LoadRunResult>> RunAsync(ServeBenchmarkOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var directory = Directory.CreateTempSubdirectory("edgefm-bench-serve-");
        try
        {
            var modelId = CopyModel(directory.FullName, options);
            var loader = Loader(options);
            var results = new List<LoadRunResult>();
            var app = GatewayHost.Build(GatewaySettings(directory.FullName, options), loader);
            await using (app.ConfigureAwait(false))
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                using var http = ClientOf(app, options);
                var body = Body(modelId, options);
                progress("gateway: warming up (loads the model)");
                await SendAsync(http, body, cancellationToken).ConfigureAwait(false);
                progress($"gateway: {options.Requests} requests, {options.Concurrency} at a time");
                results.Add(await MeasureAsync("gateway", options, (_, ct) => SendAsync(http, body, ct), cancellationToken).ConfigureAwait(false));
                await app.StopAsync(cancellationToken).ConfigureAwait(false);
            }

            using var backend = await loader.LoadAsync(new Catalog.ModelEntry(modelId, options.ModelPath, options.TokenizerPath is null ? Catalog.ModelFormat.Gguf : Catalog.ModelFormat.Llama2c, options.TokenizerPath, new FileInfo(options.ModelPath).Length), cancellationToken).ConfigureAwait(false);
            ChatMessage[] messages = [new(ChatRole.User, options.Prompt)];
            var chatOptions = new ChatOptions { MaxOutputTokens = options.MaxTokens, Temperature = 0 };
            progress("direct: warming up");
            await CallAsync(backend.Client, messages, chatOptions, cancellationToken).ConfigureAwait(false);
            progress($"direct: {options.Requests} requests, {options.Concurrency} at a time");
            results.Add(await MeasureAsync("direct", options, (_, ct) => CallAsync(backend.Client, messages, chatOptions, ct), cancellationToken).ConfigureAwait(false));
            return results;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The id the benchmark's model is served as.</summary>
    internal const string ModelId = "bench";

    /// <summary>Copies the model (and a llama2.c tokenizer) into <paramref name="directory"/> as <paramref name="id"/>; returns the id.</summary>
    internal static string CopyModel(string directory, ServeBenchmarkOptions options, string id = ModelId)
    {
        File.Copy(options.ModelPath, Path.Combine(directory, id + Path.GetExtension(options.ModelPath)));
        if (options.TokenizerPath is not null)
        {
            File.Copy(options.TokenizerPath, Path.Combine(directory, id + ".tokenizer.bin"));
        }

        return id;
    }

    /// <summary>The runtime's loader with the benchmark's context, threads and parallelism.</summary>
    internal static LlamaModelLoader Loader(ServeBenchmarkOptions options) =>
        new(options.ContextLength, ComputeThreads.Resolve(options.Threads, options.Concurrency, concurrentModels: 1, Environment.ProcessorCount), options.Concurrency, TimeProvider.System);

    /// <summary>
    /// Settings of a benchmark gateway on a free loopback port over <paramref name="directory"/>: LRU, a budget that holds
    /// everything, queues and parallelism for the benchmark's concurrency, no cloud.
    /// </summary>
    internal static GatewayOptions GatewaySettings(string directory, ServeBenchmarkOptions options) => new()
    {
        ModelsDirectory = directory,
        Urls = "http://127.0.0.1:0",
        Policy = "LRU",
        MemoryBudgetBytes = long.MaxValue / 2,
        ContextLength = options.ContextLength,
        ParallelPerModel = options.Concurrency,
        MaxQueuePerModel = Math.Max(16, options.Concurrency * 2),
        MaxQueueTotal = Math.Max(64, options.Concurrency * 4),
        MaxOutputTokens = Math.Max(256, options.MaxTokens),
    };

    /// <summary>The started <paramref name="app"/>'s loopback address (with a trailing slash).</summary>
    internal static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");

    /// <summary>An HTTP client for the started <paramref name="app"/>'s loopback address.</summary>
    internal static HttpClient ClientOf(WebApplication app, ServeBenchmarkOptions options) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency * 2 }) { BaseAddress = AddressOf(app), Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Sends <see cref="ServeBenchmarkOptions.Requests"/> calls, <see cref="ServeBenchmarkOptions.Concurrency"/> at a time; <paramref name="call"/> gets the request's index.</summary>
    internal static async Task<LoadRunResult> MeasureAsync(string mode, ServeBenchmarkOptions options, Func<int, CancellationToken, Task<(double FirstTokenMs, int Tokens)>> call, CancellationToken cancellationToken)
    {
        var latencies = new double[options.Requests];
        var firstTokens = new double[options.Requests];
        var tokens = 0L;
        var next = -1;
        var started = Clock.GetTimestamp();
        var workers = Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(
            async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < options.Requests)
                {
                    var sent = Clock.GetTimestamp();
                    var (firstTokenMs, count) = await call(index, cancellationToken).ConfigureAwait(false);
                    latencies[index] = Clock.GetElapsedTime(sent).TotalMilliseconds;
                    firstTokens[index] = firstTokenMs;
                    Interlocked.Add(ref tokens, count);
                }
            },
            cancellationToken));
        await Task.WhenAll(workers).ConfigureAwait(false);
        var seconds = Clock.GetElapsedTime(started).TotalSeconds;
        Array.Sort(latencies);
        Array.Sort(firstTokens);
        return new LoadRunResult(mode, options.Requests, options.Concurrency, options.Requests / seconds, tokens / seconds,
            Percentile(latencies, 0.5), Percentile(latencies, 0.99), Percentile(firstTokens, 0.5), Percentile(firstTokens, 0.99));
    }

    /// <summary>The streaming, greedy chat request body every benchmark request sends to <paramref name="modelId"/>.</summary>
    internal static string Body(string modelId, ServeBenchmarkOptions options) =>
        $$"""{"model":"{{modelId}}","messages":[{"role":"user","content":"{{System.Text.Json.JsonEncodedText.Encode(options.Prompt)}}"}],"max_tokens":{{options.MaxTokens}},"temperature":0,"stream":true}""";

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Streams one chat request; returns the milliseconds to its first content chunk and the content chunks.</summary>
    internal static async Task<(double, int)> SendAsync(HttpClient http, string body, CancellationToken cancellationToken)
    {
        var answer = await StreamAsync(http, body, cancellationToken).ConfigureAwait(false);
        return (answer.FirstTokenMs, answer.Chunks);
    }

    /// <summary>
    /// Streams one chat request and reads its answer: the time to the first content chunk, the content chunks, and,
    /// from the usage chunk (sent when the body asks for <c>stream_options.include_usage</c>), the token counts and the
    /// <c>edgefm</c> object's NetGPT fields. Throws when the gateway answers anything but 200.
    /// </summary>
    internal static async Task<StreamedAnswer> StreamAsync(HttpClient http, string body, CancellationToken cancellationToken)
    {
        var sent = Clock.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The gateway answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        double? firstToken = null;
        var chunks = 0;
        string? usage = null;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal))
            {
                continue;
            }

            if (line.Contains("\"content\":", StringComparison.Ordinal))
            {
                firstToken ??= Clock.GetElapsedTime(sent).TotalMilliseconds;
                chunks++;
            }
            else if (line.Contains("\"usage\":{", StringComparison.Ordinal))
            {
                usage = line["data: ".Length..];
            }
        }

        return StreamedAnswer.Of(firstToken ?? Clock.GetElapsedTime(sent).TotalMilliseconds, chunks, usage);
    }

    private static async Task<(double, int)> CallAsync(IChatClient client, ChatMessage[] messages, ChatOptions options, CancellationToken cancellationToken)
    {
        var sent = Clock.GetTimestamp();
        double? firstToken = null;
        var updates = 0;
        await foreach (var update in client.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            if (update.Text.Length > 0)
            {
                firstToken ??= Clock.GetElapsedTime(sent).TotalMilliseconds;
                updates++;
            }
        }

        return (firstToken ?? Clock.GetElapsedTime(sent).TotalMilliseconds, updates);
    }
}
