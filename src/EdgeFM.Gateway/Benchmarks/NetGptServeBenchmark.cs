using System.Buffers;
using System.Text;
using System.Text.Json;
using EdgeFM.Edge;
using EdgeFM.Edge.Evaluation;
using EdgeFM.Gateway.Configuration;
using Microsoft.AspNetCore.Builder;

namespace EdgeFM.Gateway.Benchmarks;

/// <summary>
/// The latency NetGPT's edge stage adds to a served request. One gateway on loopback HTTP (no cloud, so the edge model
/// answers the completed prompt, as <c>edgefm serve</c> without <c>--cloud-url</c> does; or, with
/// <see cref="ServeBenchmarkOptions.LoopbackCloud"/>, a second gateway in the cloud role answers) serves a seeded mix of two
/// kinds of streaming, greedy chat requests built from the NetGPT data set's rows (prompt, user, location):
/// <c>netgpt</c> requests carry <c>"edgefm": {"personalize": true, "location": .., "user": ..}</c> (completion stage on the
/// NetGPT edge model, egress filter, then the answer), and <c>plain</c> requests are the same bodies without
/// <c>personalize</c> (same prompts, users, locations and <c>max_tokens</c>; they still get the user's stored
/// demonstrations in their prompt, as any plain edge request does). Both kinds run interleaved in one measurement, so
/// machine load shifts both alike; the report gives each kind's client-side latency and the difference and ratio.
/// Every served request leaves a demonstration (in a temporary context database), as in real serving.
/// </summary>
public static class NetGptServeBenchmark
{
    /// <summary>The request kinds, as the report names them.</summary>
    public const string Plain = "plain";

    /// <summary>See <see cref="Plain"/>.</summary>
    public const string NetGpt = "netgpt";

    /// <summary>The id the loopback cloud serves the model as (<see cref="ServeBenchmarkOptions.LoopbackCloud"/>): not a model of the edge, so the edge sends it to the cloud.</summary>
    public const string CloudModelId = "cloud-bench";

    // A benchmark measures wall time by definition; it still reads it through the gateway's one clock abstraction.
    private static readonly TimeProvider Clock = TimeProvider.System;

    /// <summary>
    /// Runs the benchmark; <paramref name="progress"/> receives one line per phase. Throws
    /// <see cref="GatewayConfigurationException"/> for a data set that cannot be read, and
    /// <see cref="ArgumentException"/> for a fraction outside (0, 1) or fewer than 2 requests.
    /// </summary>
    public static async Task<NetGptServeReport> RunAsync(ServeBenchmarkOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        if (options.PersonalizeFraction is not (> 0 and < 1) || options.Requests < 2)
        {
            throw new ArgumentException($"The NetGPT benchmark needs a personalize fraction between 0 and 1 (exclusive) and at least 2 requests (got {options.PersonalizeFraction} and {options.Requests}).", nameof(options));
        }

        IReadOnlyList<PersonalizationItem> items;
        try
        {
            items = PersonalizationDataset.Read(options.DataSetPath);
        }
        catch (EdgeDataException ex)
        {
            throw new GatewayConfigurationException($"--data {options.DataSetPath}: {ex.Message}");
        }

        if (items.Count == 0)
        {
            throw new GatewayConfigurationException($"--data {options.DataSetPath}: the data set has no requests.");
        }

        var (rows, personalized) = Mix(options, items.Count);
        var bodies = rows.Select((row, i) => Body(items[row], personalized[i], options)).ToArray();
        var directory = Directory.CreateTempSubdirectory("edgefm-bench-netgpt-");
        WebApplication? cloud = null;
        try
        {
            ServeBenchmark.CopyModel(directory.FullName, options);
            var settings = ServeBenchmark.GatewaySettings(directory.FullName, options) with { GazetteerPath = options.GazetteerPath };
            cloud = options.LoopbackCloud ? await StartCloudAsync(directory.CreateSubdirectory("cloud").FullName, options, cancellationToken).ConfigureAwait(false) : null;
            if (cloud is not null)
            {
                settings = settings with { CloudUrl = new Uri(ServeBenchmark.AddressOf(cloud), "v1") };
            }

            var app = GatewayHost.Build(settings, ServeBenchmark.Loader(options));
            await using (app.ConfigureAwait(false))
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                using var http = ServeBenchmark.ClientOf(app, options);
                progress($"warming up: {options.WarmUp} requests of each kind, one at a time (loads the model)");
                for (var i = 0; i < options.WarmUp; i++)
                {
                    var item = items[i % items.Count];
                    await ServeBenchmark.StreamAsync(http, Body(item, personalize: false, options), cancellationToken).ConfigureAwait(false);
                    await ServeBenchmark.StreamAsync(http, Body(item, personalize: true, options), cancellationToken).ConfigureAwait(false);
                }

                progress($"{options.Requests} requests ({personalized.Count(p => p)} NetGPT, the rest plain, seed {options.Seed}), {options.Concurrency} at a time");
                var latencies = new double[options.Requests];
                var answers = new StreamedAnswer[options.Requests];
                var run = await ServeBenchmark.MeasureAsync(
                    "mix",
                    options,
                    async (index, ct) =>
                    {
                        var sent = Clock.GetTimestamp();
                        var answer = await ServeBenchmark.StreamAsync(http, bodies[index], ct).ConfigureAwait(false);
                        latencies[index] = Clock.GetElapsedTime(sent).TotalMilliseconds;
                        answers[index] = answer;
                        return (answer.FirstTokenMs, answer.Chunks);
                    },
                    cancellationToken).ConfigureAwait(false);
                await app.StopAsync(cancellationToken).ConfigureAwait(false);
                if (cloud is not null)
                {
                    await cloud.StopAsync(cancellationToken).ConfigureAwait(false);
                }

                var netGpt = Enumerable.Range(0, options.Requests).Where(i => personalized[i]).ToList();
                var example = netGpt.Select(i => answers[i]).FirstOrDefault(a => a.CompletedPrompt is not null);
                return new NetGptServeReport(
                    Row(Plain, Enumerable.Range(0, options.Requests).Where(i => !personalized[i]).ToList(), latencies, answers),
                    Row(NetGpt, netGpt, latencies, answers),
                    options.Concurrency,
                    options.LoopbackCloud,
                    run.RequestsPerSecond,
                    example?.EdgeModel,
                    example?.CompletedPrompt);
            }
        }
        finally
        {
            if (cloud is not null)
            {
                await cloud.DisposeAsync().ConfigureAwait(false);
            }

            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The request mix: for each request, the data set row it is built from (uniform, seeded) and whether it is a NetGPT
    /// request. Exactly round(fraction × requests) are NetGPT (at least one of each kind), in a seeded random order.
    /// </summary>
    internal static (int[] Rows, bool[] Personalized) Mix(ServeBenchmarkOptions options, int rowCount)
    {
        var random = new Random(options.Seed);
        var rows = Enumerable.Range(0, options.Requests).Select(_ => random.Next(rowCount)).ToArray();
        var count = Math.Clamp((int)Math.Round(options.PersonalizeFraction * options.Requests, MidpointRounding.AwayFromZero), 1, options.Requests - 1);
        var personalized = Enumerable.Range(0, options.Requests).Select(i => i < count).ToArray();
        random.Shuffle(personalized);
        return (rows, personalized);
    }

    /// <summary>
    /// The streaming, greedy chat request of <paramref name="item"/>: its prompt, user and location, with
    /// <c>edgefm.personalize</c> as given, asking for the usage chunk (which carries the <c>edgefm</c> object).
    /// </summary>
    internal static string Body(PersonalizationItem item, bool personalize, ServeBenchmarkOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", options.LoopbackCloud ? CloudModelId : ServeBenchmark.ModelId);
            writer.WriteStartArray("messages");
            writer.WriteStartObject();
            writer.WriteString("role", "user");
            writer.WriteString("content", item.Prompt);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteNumber("max_tokens", options.MaxTokens);
            writer.WriteNumber("temperature", 0);
            writer.WriteBoolean("stream", value: true);
            writer.WriteStartObject("stream_options");
            writer.WriteBoolean("include_usage", value: true);
            writer.WriteEndObject();
            writer.WriteStartObject("edgefm");
            writer.WriteBoolean("personalize", personalize);
            writer.WriteString("user", item.User);
            writer.WriteStartObject("location");
            writer.WriteNumber("lat", item.Latitude);
            writer.WriteNumber("lon", item.Longitude);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The loopback cloud tier: a gateway in the cloud role over a copy of the model named <see cref="CloudModelId"/>.</summary>
    private static async Task<WebApplication> StartCloudAsync(string directory, ServeBenchmarkOptions options, CancellationToken cancellationToken)
    {
        ServeBenchmark.CopyModel(directory, options, CloudModelId);

        // A cloud model answers the prompt it is sent: no demonstrations of its own put into it (all cloud-bound
        // requests are anonymous there, and would otherwise share one pool of earlier prompts).
        var settings = ServeBenchmark.GatewaySettings(directory, options) with { Role = GatewayRole.Cloud, Demonstrations = 0 };
        var app = GatewayHost.Build(settings, ServeBenchmark.Loader(options));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }

    private static NetGptServeRow Row(string kind, List<int> indices, double[] latencies, StreamedAnswer[] answers) => new(
        kind,
        indices.Count,
        LatencySummary.Of([.. indices.Select(i => latencies[i])]),
        LatencySummary.Of([.. indices.Select(i => answers[i].FirstTokenMs)]),
        indices.Count == 0 ? 0 : indices.Average(i => answers[i].PromptTokens),
        indices.Count == 0 ? 0 : indices.Average(i => answers[i].CompletionTokens),
        indices.Count(i => answers[i].CompletedPrompt is not null));
}
