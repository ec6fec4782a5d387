using System.Text.Json;
using EdgeFM.TestSupport;

namespace EdgeFM.Cli.Tests;

[Collection("Console")]
public sealed class SimulationCommandsTests
{
    private static readonly string[] MetricKeys =
    [
        "systemCost", "switchingCost", "totalAccuracyCost", "averageAccuracyCost", "inferenceLatency",
        "offloadingLatency", "cloudCost", "edgeExecutionRatio", "requests", "edgeRequests",
    ];

    [Fact]
    public async Task Reproduce_prints_table_two_with_the_papers_values_beside_ours()
    {
        var (exit, output, _) = await CliHarness.RunAsync("reproduce", "--runs", "10");
        Assert.Equal(0, exit);
        foreach (var row in new[] { "System cost", "Switching cost", "Total accuracy cost", "Average accuracy cost", "Inference latency", "Offloading latency", "Cloud cost", "Edge execution ratio" })
        {
            Assert.Contains(row, output, StringComparison.Ordinal);
        }

        foreach (var policy in new[] { "Random", "Cloud", "FIFO", "LFU", "LC", "LRU" })
        {
            Assert.Contains($"{policy} (paper)", output, StringComparison.Ordinal);
        }

        Assert.Contains("4.88", output, StringComparison.Ordinal);
        Assert.Contains("–", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reproduce_json_to_stdout_is_pure_json_with_means_and_ci95()
    {
        var (exit, output, _) = await CliHarness.RunAsync("reproduce", "--runs", "4", "--json", "-");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var policies = json.RootElement.GetProperty("policies");
        Assert.Equal(["Random", "Cloud", "FIFO", "LFU", "LC", "LRU"], policies.EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray());
        foreach (var policy in policies.EnumerateArray())
        {
            foreach (var key in MetricKeys)
            {
                Assert.True(policy.TryGetProperty(key, out _), key);
                Assert.True(policy.GetProperty("ci95").TryGetProperty(key, out _), key);
            }

            Assert.InRange(policy.GetProperty("edgeExecutionRatio").GetDouble(), 0, 1);
            Assert.Equal(88, policy.GetProperty("requests").GetDouble());
        }
    }

    [Fact]
    public async Task The_shown_scenario_file_reproduces_the_same_numbers_through_simulate()
    {
        using var dir = new TempDirectory();
        var (showExit, yaml, _) = await CliHarness.RunAsync("scenario", "show", "reproduce");
        Assert.Equal(0, showExit);
        var path = dir.File("my.yaml");
        await File.WriteAllTextAsync(path, yaml);
        var (_, fromFile, _) = await CliHarness.RunAsync("simulate", "--scenario", path, "--runs", "3", "--seed", "5", "--json", "-");
        var (_, builtIn, _) = await CliHarness.RunAsync("reproduce", "--runs", "3", "--seed", "5", "--json", "-");
        Assert.Equal(builtIn, fromFile);
    }

    [Fact]
    public async Task Simulate_writes_json_and_csv_files_for_chosen_policies()
    {
        using var dir = new TempDirectory();
        var (_, yaml, _) = await CliHarness.RunAsync("scenario", "show", "reproduce");
        await File.WriteAllTextAsync(dir.File("s.yaml"), yaml);
        var (exit, output, _) = await CliHarness.RunAsync(
            "simulate", "--scenario", dir.File("s.yaml"), "--policy", "lc", "--policy", "FIFO", "--runs", "2", "--json", dir.File("r.json"), "--csv", dir.File("r.csv"));
        Assert.Equal(0, exit);
        Assert.Contains("System cost", output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(dir.File("r.json")));
        Assert.Equal(2, json.RootElement.GetProperty("policies").GetArrayLength());
        var csv = await File.ReadAllLinesAsync(dir.File("r.csv"));
        Assert.StartsWith("policy,seed,systemCost,", csv[0], StringComparison.Ordinal);
        Assert.Equal(5, csv.Length);
    }

    [Fact]
    public async Task A_bad_scenario_file_exits_2_with_file_line_and_field_and_no_stack_trace()
    {
        using var dir = new TempDirectory();
        var (_, yaml, _) = await CliHarness.RunAsync("scenario", "show", "reproduce");
        var path = dir.File("bad.yaml");
        await File.WriteAllTextAsync(path, yaml.Replace("zipfSkew: 1.4", "zipfSkew: steep", StringComparison.Ordinal));
        var (exit, output, error) = await CliHarness.RunAsync("simulate", "--scenario", path);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains($"{path}:", error, StringComparison.Ordinal);
        Assert.Contains("workload.zipfSkew", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenario_forecast_scores_Holt_beside_the_naive_forecast_at_each_size_and_settings_matter()
    {
        var (exit, output, _) = await CliHarness.RunAsync("scenario", "forecast", "cooperation", "--seed", "1");
        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("Holt, α 0.5, β 0.3", lines[0], StringComparison.Ordinal);
        Assert.Equal([1, 4, 16], lines[1..].Select(l => int.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture)));
        var (mae, naive) = Errors(lines[2]);
        Assert.True(mae < naive, $"Holt's MAE {mae} should be below the naive {naive} on the shipped shifting workload");

        // Lighter level smoothing follows the noise: the same requests scored with α 1 are worse.
        var (_, lighter, _) = await CliHarness.RunAsync("scenario", "forecast", "cooperation", "--seed", "1", "--alpha", "1");
        Assert.Contains("Holt, α 1, β 0.3", lighter, StringComparison.Ordinal);
        Assert.True(Errors(lighter.Split('\n', StringSplitOptions.RemoveEmptyEntries)[2]).Mae > mae);
    }

    private static (double Mae, double Naive) Errors(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (double.Parse(words[Array.IndexOf(words, "MAE") + 1], System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(words[Array.IndexOf(words, "value") + 1].TrimEnd(')', ','), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("simulate", "--scenario", "missing.yaml")]
    [InlineData("scenario", "show", "nope")]
    [InlineData("reproduce", "--runs", "0")]
    [InlineData("bench", "sim", "--policy", "MRU")]
    [InlineData("scenario", "forecast", "cooperation", "--alpha", "0")]
    [InlineData("scenario", "forecast", "cooperation", "--period", "0")]
    [InlineData("scenario", "forecast", "missing.yaml")]
    public async Task Bad_input_exits_2_with_one_message(params string[] args)
    {
        var (exit, _, error) = await CliHarness.RunAsync(args);
        Assert.Equal(2, exit);
        Assert.StartsWith("edgefm: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_sim_json_is_one_object_with_the_throughput()
    {
        var (exit, output, _) = await CliHarness.RunAsync("bench", "sim", "--requests", "20000", "--servers", "4", "--models", "10", "--repeat", "1", "--json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(20000, json.RootElement.GetProperty("requests").GetInt64());
        Assert.True(json.RootElement.GetProperty("seconds").GetDouble() > 0);
        Assert.True(json.RootElement.GetProperty("requestsPerSecond").GetDouble() > 0);
    }
}
