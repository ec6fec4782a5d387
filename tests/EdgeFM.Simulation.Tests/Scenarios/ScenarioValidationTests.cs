using EdgeFM.Simulation.Scenarios;
using EdgeFM.TestSupport;

namespace EdgeFM.Simulation.Tests.Scenarios;

/// <summary>Each kind of bad scenario file gets its own clear error naming the file, line and field.</summary>
public sealed class ScenarioValidationTests
{
    private const string Valid = """
        name: tiny
        requests: 100
        cloud: { latencySeconds: 0.02, pricePerRequest: 0.06 }
        servers:
          - name: edge
            memoryGB: 40
            computeGflops: 100000
        models:
          - id: a
            memoryGB: 14
            computeGflop: 2100
            loadSeconds: 0.5
        """;

    private static ScenarioException Fails(string text)
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "bad.yaml");
        File.WriteAllText(path, text);
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path));
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        return ex;
    }

    [Fact]
    public void A_valid_file_loads()
    {
        var scenario = ScenarioLoader.Parse(Valid, "tiny.yaml", ".");
        Assert.Equal(14_000_000_000, scenario.Catalog[0].MemoryBytes);
        Assert.Equal(100, scenario.Requests);
    }

    [Fact]
    public void Syntax_error_names_the_line()
    {
        var ex = Fails(Valid + "\n  - id: [unclosed\n");
        Assert.Contains("syntax error", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Line >= 13, ex.Message);
    }

    [Fact]
    public void Unknown_field_is_named_with_the_expected_ones()
    {
        var ex = Fails(Valid.Replace("    computeGflops: 100000", "    computeGflops: 100000\n    gpus: 2", StringComparison.Ordinal));
        Assert.Equal("servers[0].gpus", ex.Field);
        Assert.Equal(8, ex.Line);
        Assert.Contains("unknown field; expected one of: name, count, x, y, memoryGB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_type_says_what_was_expected()
    {
        var ex = Fails(Valid.Replace("memoryGB: 40", "memoryGB: lots", StringComparison.Ordinal));
        Assert.Equal("servers[0].memoryGB", ex.Field);
        Assert.Equal(6, ex.Line);
        Assert.Contains("expected a number (GB) but found 'lots'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_value_gives_the_range()
    {
        var ex = Fails(Valid + "\nworkload: { zipfSkew: -1 }\n");
        Assert.Equal("workload.zipfSkew", ex.Field);
        Assert.Contains("-1 is out of range; expected a value ≥ 0 and ≤ 10", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_field_says_how_to_add_it()
    {
        var ex = Fails(Valid.Replace("    computeGflop: 2100\n", string.Empty, StringComparison.Ordinal));
        Assert.Equal("models[0].computeGflop", ex.Field);
        Assert.Contains("missing required field; add 'computeGflop:'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_policy_lists_the_known_ones()
    {
        var ex = Fails(Valid + "\npolicies: [LC, MRU]\n");
        Assert.Equal("policies[1]", ex.Field);
        Assert.Contains("unknown policy 'MRU'; known policies: Random, Cloud, FIFO, LFU, LC, LRU", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_that_never_stops_is_rejected()
    {
        var ex = Fails(Valid.Replace("requests: 100\n", string.Empty, StringComparison.Ordinal));
        Assert.Contains("never stops", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_reported()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load("/nonexistent/x.yaml"));
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_files_load_and_report_lines_too()
    {
        const string json = """
            {
              "requests": 10,
              "cloud": { "latencySeconds": 0.02, "pricePerRequest": 0.06 },
              "servers": [ { "memoryGB": 40, "computeGflops": 1000 } ],
              "models": [ { "id": "a", "memoryGB": 4, "computeGflop": 10, "loadSeconds": "slow" } ]
            }
            """;
        var scenario = ScenarioLoader.Parse(json.Replace("\"slow\"", "1", StringComparison.Ordinal), "s.json", ".");
        Assert.Equal(10, scenario.Requests);
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(json, "s.json", "."));
        Assert.Equal("models[0].loadSeconds", ex.Field);
        Assert.Equal(5, ex.Line);
    }

    [Theory]
    [InlineData("time,user,model,inputTokens,outputTokens\n1,u,a,1,1\n", 1, null, "header")]
    [InlineData("time,user,model,inputTokens,outputTokens,topic\n1,u,zz,1,1,0.5\n", 2, "model", "'zz' is not a model")]
    [InlineData("time,user,model,inputTokens,outputTokens,topic\n1,u,a,1,1,0.5\n0.5,u,a,1,1,0.5\n", 3, "time", "sort the trace")]
    [InlineData("time,user,model,inputTokens,outputTokens,topic\n1,u,a,-3,1,0.5\n", 2, "inputTokens", "non-negative whole number")]
    [InlineData("time,user,model,inputTokens,outputTokens,topic\n1,u,a,1,1,1.5\n", 2, "topic", "[0, 1)")]
    [InlineData("time,user,model,inputTokens,outputTokens,topic\n1,u,a,1\n", 2, null, "expected 6")]
    public void Bad_trace_rows_are_named_by_line_and_column(string csv, int line, string? field, string problem)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "trace.csv"), csv);
        var path = Path.Combine(dir.Path, "s.yaml");
        File.WriteAllText(path, Valid + "\nworkload: { trace: trace.csv }\n");
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path));
        Assert.Equal(line, ex.Line);
        Assert.Equal(field, ex.Field);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("trace.csv", ex.File, StringComparison.Ordinal);
    }
}
