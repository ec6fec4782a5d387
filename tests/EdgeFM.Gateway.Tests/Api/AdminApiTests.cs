using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EdgeFM.Gateway.Tests.Support;

namespace EdgeFM.Gateway.Tests.Api;

public sealed partial class AdminApiTests
{
    [Fact]
    public async Task Models_list_every_file_with_state_size_and_pin()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var load = await gateway.Client.PostAsync("/v1/edge/models/m1/load", null);
        Assert.Equal(HttpStatusCode.OK, load.StatusCode);

        var models = (await (await gateway.Client.GetAsync("/v1/models")).JsonAsync()).GetProperty("data");

        Assert.Equal(["m0", "m1", "m2"], models.EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
        Assert.Equal("loaded", models[1].GetProperty("state").GetString());
        Assert.Equal("unloaded", models[0].GetProperty("state").GetString());
        Assert.All(models.EnumerateArray(), m => Assert.Equal(100, m.GetProperty("size_bytes").GetInt64()));
        Assert.All(models.EnumerateArray(), m => Assert.False(m.GetProperty("pinned").GetBoolean()));
        Assert.All(models.EnumerateArray(), m => Assert.Equal("model", m.GetProperty("object").GetString()));
    }

    [Fact]
    public async Task Pin_blocks_unload_and_eviction_until_unpinned()
    {
        await using var gateway = await TestGateway.StartAsync(models: 3, configure: o => o with { MemoryBudgetBytes = 200 });
        var pin = await (await gateway.Client.PostAsync("/v1/edge/models/m0/pin", null)).JsonAsync();
        Assert.True(pin.GetProperty("pinned").GetBoolean());
        Assert.Equal("loaded", pin.GetProperty("state").GetString());

        using var refused = await gateway.Client.PostAsync("/v1/edge/models/m0/unload", null);
        await refused.AssertErrorAsync(409, "conflict");

        // m1 then m2 need room: m1 fits, m2 must evict m1 (m0 is pinned).
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.PostAsync("/v1/edge/models/m1/load", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.PostAsync("/v1/edge/models/m2/load", null)).StatusCode);
        var cache = await (await gateway.Client.GetAsync("/v1/edge/cache")).JsonAsync();
        Assert.Equal(["m0", "m2"], cache.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
        Assert.Equal(200, cache.GetProperty("used_bytes").GetInt64());
        Assert.Equal(200, cache.GetProperty("budget_bytes").GetInt64());

        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.PostAsync("/v1/edge/models/m0/unpin", null)).StatusCode);
        var unloaded = await (await gateway.Client.PostAsync("/v1/edge/models/m0/unload", null)).JsonAsync();
        Assert.Equal("unloaded", unloaded.GetProperty("state").GetString());
        using var unknown = await gateway.Client.PostAsync("/v1/edge/models/zz/load", null);
        await unknown.AssertErrorAsync(404, "model_not_found");
    }

    [Fact]
    public async Task Metrics_follow_the_prometheus_text_format_and_count_what_happened()
    {
        await using var gateway = await TestGateway.StartAsync();
        const string body = """{"model":"m0","messages":[{"role":"user","content":"hi"}],"max_tokens":2}""";
        (await gateway.Client.PostJsonAsync("/v1/chat/completions", body)).Dispose();
        (await gateway.Client.PostJsonAsync("/v1/chat/completions", body)).Dispose();
        (await gateway.Client.PostJsonAsync("/v1/chat/completions", "{")).Dispose();

        // The context-value gauge follows the demonstrations once they are committed (off the request path).
        var metrics = gateway.App.Services.GetService(typeof(Gateway.Metrics.GatewayMetrics)) as Gateway.Metrics.GatewayMetrics;
        for (var i = 0; i < 500 && !metrics!.Render().Contains("edgefm_model_context_value{model=\"m0\"}", StringComparison.Ordinal); i++)
        {
            await Task.Delay(10);
        }

        using var response = await gateway.Client.GetAsync("/metrics");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var samples = ParseExposition(text);

        Assert.Equal(2, samples["edgefm_requests_total{endpoint=\"chat\",placement=\"edge\",status=\"200\"}"]);
        Assert.Equal(1, samples["edgefm_requests_total{endpoint=\"chat\",placement=\"none\",status=\"400\"}"]);
        Assert.Equal(1, samples["edgefm_cache_hits_total"]);
        Assert.Equal(1, samples["edgefm_cache_misses_total"]);
        Assert.Equal(1, samples["edgefm_model_loads_total{model=\"m0\",result=\"ok\"}"]);
        Assert.Equal(100, samples["edgefm_cache_bytes_in_use"]);
        Assert.Equal(1000, samples["edgefm_cache_budget_bytes"]);
        Assert.Equal(4, samples["edgefm_generated_tokens_total{placement=\"edge\"}"]);
        Assert.Equal(2, samples["edgefm_request_duration_seconds_count{placement=\"edge\"}"]);
        Assert.Equal(2, samples["edgefm_time_to_first_token_seconds_bucket{placement=\"edge\",le=\"+Inf\"}"]);
        Assert.Equal(1, samples["edgefm_model_load_seconds_count{model=\"m0\"}"]);
        Assert.True(samples["edgefm_model_context_value{model=\"m0\"}"] > 0);

        // Histogram buckets are cumulative.
        var buckets = samples.Where(s => s.Key.StartsWith("edgefm_request_duration_seconds_bucket", StringComparison.Ordinal)).Select(s => s.Value).ToList();
        Assert.Equal(buckets.Order(), buckets);
    }

    /// <summary>Parses the text format strictly: HELP/TYPE comments, then `name{labels} value` samples.</summary>
    private static Dictionary<string, double> ParseExposition(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        var typed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                var match = CommentLine().Match(line);
                Assert.True(match.Success, $"bad comment line: {line}");
                if (match.Groups[1].Value == "TYPE")
                {
                    Assert.True(typed.Add(match.Groups[2].Value), $"duplicate TYPE: {line}");
                }

                continue;
            }

            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"bad sample line: {line}");
            var family = sample.Groups["name"].Value;
            Assert.Contains(typed, t => family == t || family == t + "_bucket" || family == t + "_sum" || family == t + "_count");
            var value = sample.Groups["value"].Value;
            samples[sample.Groups["series"].Value] = value == "+Inf" ? double.PositiveInfinity : double.Parse(value, CultureInfo.InvariantCulture);
        }

        return samples;
    }

    [GeneratedRegex("^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$")]
    private static partial Regex CommentLine();

    [GeneratedRegex("""^(?<series>(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})?) (?<value>[-+0-9.eE]+|\+Inf|NaN)$""")]
    private static partial Regex SampleLine();
}
