using System.Net;
using System.Text.Json;
using EdgeFM.Gateway.Tests.Support;

namespace EdgeFM.Gateway.Tests.Dashboard;

/// <summary>The dashboard's data endpoints (<c>/v1/edge/stats</c>, <c>/v1/edge/events</c>) on an in-process gateway with placeholder models.</summary>
public sealed class DashboardApiTests
{
    private const string Chat = """{"model":"MODEL","messages":[{"role":"user","content":"hi"}],"max_tokens":3}""";

    [Fact]
    public async Task Stats_show_models_traffic_and_evictions_with_the_policys_reason()
    {
        // Room for two of the three 100-byte models: the third request makes LRU evict the least recently used (m0).
        await using var gateway = await TestGateway.StartAsync(models: 3, configure: o => o with { MemoryBudgetBytes = 200, Policy = "LRU" });
        foreach (var model in new[] { "m0", "m1", "m1", "m2" })
        {
            using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", Chat.Replace("MODEL", model));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var stats = await gateway.Client.GetAsync("/v1/edge/stats");
        Assert.Equal("application/json", stats.Content.Headers.ContentType?.MediaType);
        var json = await stats.JsonAsync();

        Assert.Equal("LRU", json.GetProperty("policy").GetString());
        Assert.Equal(200, json.GetProperty("budget_bytes").GetInt64());
        Assert.Equal(200, json.GetProperty("used_bytes").GetInt64());
        var models = json.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        Assert.Equal("unloaded", models["m0"].GetProperty("state").GetString());
        Assert.Equal("loaded", models["m1"].GetProperty("state").GetString());
        Assert.Equal("loaded", models["m2"].GetProperty("state").GetString());
        Assert.Equal(2, models["m1"].GetProperty("requests_served").GetInt64());
        Assert.Equal(2, models["m1"].GetProperty("requests_seen").GetInt64());
        Assert.Equal(2, models["m1"].GetProperty("demonstrations").GetInt32());
        Assert.True(models["m1"].GetProperty("context_value").GetDouble() > 1, "two fresh demonstrations are worth more than one example");
        Assert.True(models["m1"].GetProperty("demand").GetDouble() > 1, "two fresh requests are worth more than one example");

        // An evicted model keeps its stored demonstrations (they go back into prompts once it is loaded again): m0's one
        // is still worth about one example, less than m1's two.
        var evicted = models["m0"].GetProperty("context_value").GetDouble();
        Assert.InRange(evicted, 0.5, models["m1"].GetProperty("context_value").GetDouble() - 0.5);

        var edge = json.GetProperty("traffic").GetProperty("placements").EnumerateArray().Single(p => p.GetProperty("placement").GetString() == "edge");
        Assert.Equal(4, edge.GetProperty("requests").GetInt32());
        Assert.True(edge.GetProperty("ttft_ms").GetProperty("p50").GetDouble() >= 0);
        Assert.True(edge.GetProperty("latency_ms").GetProperty("p99").GetDouble() >= edge.GetProperty("latency_ms").GetProperty("p50").GetDouble());
        var series = json.GetProperty("traffic").GetProperty("series");
        Assert.Equal(4, series.GetProperty("requests").GetProperty("edge").EnumerateArray().Sum(c => c.GetInt32()));
        Assert.Equal(0, series.GetProperty("requests").GetProperty("cloud").EnumerateArray().Sum(c => c.GetInt32()));

        // Newest first: m0 was evicted for m2, with LRU's reason, just before m2's load.
        var events = json.GetProperty("events").EnumerateArray().Select(e => (Kind: e.GetProperty("kind").GetString(), Model: e.GetProperty("model").GetString(), Reason: e.GetProperty("reason").GetString()!)).ToList();
        Assert.Equal(
            [("loaded", "m2"), ("load", "m2"), ("evicted", "m0"), ("loaded", "m1"), ("load", "m1"), ("loaded", "m0"), ("load", "m0")],
            events.Select(e => (e.Kind, e.Model)));
        Assert.StartsWith("LRU evicted it for m2: least recently used (idle ", events[2].Reason, StringComparison.Ordinal);
        Assert.Equal("LRU loads it for a request, evicting m0", events[1].Reason);
        Assert.Equal("LRU loads it for a request, into free memory", events[4].Reason);

        var cloud = json.GetProperty("cloud");
        Assert.False(cloud.GetProperty("configured").GetBoolean());
        Assert.Equal("none", cloud.GetProperty("circuit").GetString());
    }

    [Fact]
    public async Task An_operators_unload_and_a_cloud_circuit_show_in_the_stats()
    {
        // The cloud is configured but never called here: its circuit starts closed.
        await using var gateway = await TestGateway.StartAsync(models: 2, configure: o => o with { CloudUrl = new Uri("http://127.0.0.1:9/v1") });
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.PostAsync("/v1/edge/models/m0/load", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.PostAsync("/v1/edge/models/m0/unload", null)).StatusCode);

        var json = await (await gateway.Client.GetAsync("/v1/edge/stats")).JsonAsync();

        var latest = json.GetProperty("events")[0];
        Assert.Equal("unloaded", latest.GetProperty("kind").GetString());
        Assert.Equal("m0", latest.GetProperty("model").GetString());
        Assert.Equal(100, latest.GetProperty("bytes").GetInt64());
        Assert.Equal("unloaded by an operator", latest.GetProperty("reason").GetString());
        Assert.True(json.GetProperty("cloud").GetProperty("configured").GetBoolean());
        Assert.Equal("closed", json.GetProperty("cloud").GetProperty("circuit").GetString());
    }

    [Fact]
    public async Task The_event_stream_sends_a_snapshot_at_once_and_another_after_a_load()
    {
        await using var gateway = await TestGateway.StartAsync(models: 2);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/edge/events");
        using var response = await gateway.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var first = await NextSnapshotAsync(reader, limit.Token);
        Assert.All(first.GetProperty("models").EnumerateArray(), m => Assert.Equal("unloaded", m.GetProperty("state").GetString()));

        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.PostAsync("/v1/edge/models/m1/load", null)).StatusCode);
        JsonElement snapshot;
        do
        {
            snapshot = await NextSnapshotAsync(reader, limit.Token);
        }
        while (snapshot.GetProperty("models")[1].GetProperty("state").GetString() != "loaded");

        Assert.Equal("loaded", snapshot.GetProperty("events")[0].GetProperty("kind").GetString());
        Assert.Equal("m1", snapshot.GetProperty("events")[0].GetProperty("model").GetString());
    }

    private static async Task<JsonElement> NextSnapshotAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? eventName = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                Assert.Equal("stats", eventName);
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            }
        }

        throw new EndOfStreamException("the event stream ended");
    }
}
