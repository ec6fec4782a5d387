using System.Text.Json;
using EdgeFM.TestSupport;

namespace EdgeFM.Cli.Tests;

/// <summary>
/// <c>edgefm bench serve --personalize</c> run tiny on stories260K: both kinds of requests are served through a real
/// loopback gateway (the NetGPT ones with a completed prompt, the plain ones without), and the report has its shape.
/// Timings are not asserted: speed is measured by running the benchmark, not by tests.
/// </summary>
[Collection("Console")]
public sealed class BenchServeNetGptCommandTests
{
    private static readonly string[] Tiny =
    [
        "bench", "serve", "--model", TestAdapter.Gguf, "--requests", "6", "--concurrency", "2", "--tokens", "2", "--warm-up", "1", "--threads", "1",
        "--data", Path.Combine(SharedPaths.RepositoryRoot, "data", "netgpt", "personalization.jsonl"),
        "--gazetteer", Path.Combine(SharedPaths.RepositoryRoot, "data", "gazetteer", "cities.csv"),
    ];

    [Fact]
    public async Task Personalize_serves_netgpt_and_plain_requests_interleaved_and_reports_each_and_the_difference()
    {
        var result = await CliHarness.RunAsync([.. Tiny, "--personalize", "0.5", "--json"]);

        Assert.True(result.ExitCode == 0, result.Error);
        var report = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(6, report.GetProperty("requests").GetInt32());
        Assert.False(report.GetProperty("loopback_cloud").GetBoolean());
        Assert.Equal("bench", report.GetProperty("edge_model").GetString());
        Assert.Contains(" I am near ", report.GetProperty("example_completed_prompt").GetString(), StringComparison.Ordinal);
        var kinds = report.GetProperty("kinds").EnumerateArray().ToDictionary(k => k.GetProperty("kind").GetString()!, StringComparer.Ordinal);
        Assert.Equal(["plain", "netgpt"], report.GetProperty("kinds").EnumerateArray().Select(k => k.GetProperty("kind").GetString()!), StringComparer.Ordinal);
        Assert.Equal(3, kinds["plain"].GetProperty("requests").GetInt32());
        Assert.Equal(3, kinds["netgpt"].GetProperty("requests").GetInt32());

        // Every NetGPT answer carried its completed prompt; no plain one did.
        Assert.Equal(3, kinds["netgpt"].GetProperty("completed_prompts").GetInt32());
        Assert.Equal(0, kinds["plain"].GetProperty("completed_prompts").GetInt32());

        // The answer stage read the completed prompt, longer than the concise one the plain request read.
        Assert.True(kinds["netgpt"].GetProperty("prompt_tokens").GetDouble() > kinds["plain"].GetProperty("prompt_tokens").GetDouble());
        foreach (var kind in kinds.Values)
        {
            Assert.True(kind.GetProperty("completion_tokens").GetDouble() > 0);
            var latency = kind.GetProperty("latency_ms");
            Assert.InRange(latency.GetProperty("p50").GetDouble(), double.Epsilon, latency.GetProperty("p99").GetDouble());
        }

        var added = report.GetProperty("added_ms");
        Assert.Equal(
            kinds["netgpt"].GetProperty("latency_ms").GetProperty("p50").GetDouble() - kinds["plain"].GetProperty("latency_ms").GetProperty("p50").GetDouble(),
            added.GetProperty("p50").GetDouble(),
            precision: 9);
        Assert.True(report.GetProperty("ratio").GetProperty("p99").GetDouble() > 0);
    }

    [Fact]
    public async Task Personalize_with_a_loopback_cloud_sends_plain_requests_and_netgpt_answers_to_the_cloud_tier()
    {
        var result = await CliHarness.RunAsync([.. Tiny, "--personalize", "0.5", "--cloud", "--json"]);

        Assert.True(result.ExitCode == 0, result.Error);
        var report = JsonDocument.Parse(result.Output).RootElement;
        Assert.True(report.GetProperty("loopback_cloud").GetBoolean());
        var kinds = report.GetProperty("kinds").EnumerateArray().ToDictionary(k => k.GetProperty("kind").GetString()!, StringComparer.Ordinal);
        Assert.Equal(3, kinds["netgpt"].GetProperty("completed_prompts").GetInt32());
        Assert.Equal(0, kinds["plain"].GetProperty("completed_prompts").GetInt32());

        // The cloud read the completed prompt for NetGPT requests and the concise prompt for plain ones.
        Assert.True(kinds["netgpt"].GetProperty("prompt_tokens").GetDouble() > kinds["plain"].GetProperty("prompt_tokens").GetDouble());
    }

    [Fact]
    public async Task Personalize_prints_a_table_with_both_kinds_and_the_added_latency_and_refuses_a_bad_fraction()
    {
        var table = await CliHarness.RunAsync([.. Tiny, "--personalize", "0.5"]);
        var bad = await CliHarness.RunAsync([.. Tiny, "--personalize", "1.5"]);

        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Matches(@"(?m)^plain +3 ", table.Output);
        Assert.Matches(@"(?m)^netgpt +3 .* 3$", table.Output);
        Assert.Matches(@"edge stage adds: p50 \+-?\d+\.\d\d ms \(\d+\.\d\dx plain\), p99 \+-?\d+\.\d\d ms \(\d+\.\d\dx plain\)", table.Output);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--personalize must be between 0 and 1", bad.Error, StringComparison.Ordinal);
    }
}
