using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using EdgeFM.Gateway.Tests.Support;
using EdgeFM.TestSupport;

namespace EdgeFM.Gateway.Tests.Cluster;

/// <summary>
/// What the real-process cluster tests share: three models (stories260K under three names), a cloud gateway, the edge
/// command line for a given <c>--cluster</c> address, requests, and reading the directory each node sees.
/// </summary>
internal static class ClusterProcesses
{
    public const string Key = "cluster-key";

    public static readonly string[] Models = ["m0", "m1", "m2"];

    /// <summary>A directory holding <see cref="Models"/>, each a copy of stories260K.gguf.</summary>
    public static TempDirectory CopyModels()
    {
        var models = new TempDirectory();
        foreach (var model in Models)
        {
            File.Copy(SharedPaths.Model("stories260K.gguf"), models.File(model + ".gguf"));
        }

        return models;
    }

    public static Task<ServeProcess> StartCloudAsync(TempDirectory models) =>
        ServeProcess.StartAsync("--role", "cloud", "--models", models.Path, "--memory-budget", "64MiB", "--api-key", Key, "--policy", "LRU");

    /// <summary>
    /// An edge's arguments: a budget that holds one model, and loading dear and the cloud dearer, so an edge without the
    /// model sends it to a peer that holds it.
    /// </summary>
    public static string[] Edge(TempDirectory models, ServeProcess cloud, string cluster, string node, int siloPort) =>
    [
        "--models", models.Path, "--memory-budget", "3MiB", "--policy", "LRU", "--api-key", Key,
        "--cloud-url", new Uri(cloud.BaseUrl, "/v1").ToString(), "--cloud-api-key", Key, "--cloud-price", "50", "--weight-switching", "100",
        "--cluster", cluster, "--node", node, "--silo-port", siloPort.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>A client with the cluster's API key and a 60 s timeout.</summary>
    public static HttpClient Client()
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return http;
    }

    /// <summary>Sends one short chat request; returns its status and <c>x-edgefm-placement</c> (<c>none</c> when absent).</summary>
    public static async Task<(int Status, string Placement)> SendAsync(HttpClient http, Uri node, string model)
    {
        using var response = await http.PostJsonAsync(new Uri(node, "/v1/chat/completions").ToString(),
            $$"""{"model":"{{model}}","messages":[{"role":"user","content":"Once upon a time"}],"max_tokens":8,"temperature":0}""");
        var placement = response.Headers.TryGetValues("x-edgefm-placement", out var values) ? values.First() : "none";
        if (response.IsSuccessStatusCode)
        {
            var body = await response.JsonAsync();
            Assert.Equal("length", body.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        }

        return ((int)response.StatusCode, placement);
    }

    public static async Task<JsonElement> JsonAsync(HttpClient http, Uri url)
    {
        using var response = await http.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return await response.JsonAsync();
    }

    /// <summary>Node → its loaded models, as the directory at <paramref name="node"/> lists live members.</summary>
    public static async Task<Dictionary<string, List<string>>> DirectoryAsync(HttpClient http, Uri node)
    {
        var cluster = await JsonAsync(http, new Uri(node, "/v1/edge/cluster"));
        return cluster.GetProperty("members").EnumerateArray()
            .Where(m => m.GetProperty("alive").GetBoolean())
            .ToDictionary(
                m => m.GetProperty("node").GetString()!,
                m => m.GetProperty("residency").GetProperty("models").EnumerateArray().Where(x => x.GetProperty("state").GetString() == "loaded").Select(x => x.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList(),
                StringComparer.Ordinal);
    }

    /// <summary>True when the directory at every node lists every node with exactly the models its <c>/v1/edge/cache</c> has loaded.</summary>
    public static async Task<bool> DirectoryAgreesAsync(HttpClient http, (string Name, ServeProcess Process)[] nodes)
    {
        foreach (var (_, viewer) in nodes)
        {
            var directory = await DirectoryAsync(http, viewer.BaseUrl);
            foreach (var (name, process) in nodes)
            {
                var cache = await JsonAsync(http, new Uri(process.BaseUrl, "/v1/edge/cache"));
                var loaded = cache.GetProperty("models").EnumerateArray().Where(m => m.GetProperty("state").GetString() == "loaded").Select(m => m.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();
                if (!directory.TryGetValue(name, out var listed) || !listed.SequenceEqual(loaded))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Polls <paramref name="condition"/> every 200 ms; fails the test after 20 s.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting until " + what);
            await Task.Delay(200);
        }
    }
}
