using EdgeFM.Core.Caching;
using EdgeFM.Gateway.Tests.Support;
using EdgeFM.Simulation;
using EdgeFM.Simulation.Scenarios;
using EdgeFM.TestSupport;

namespace EdgeFM.Gateway.Tests.Tracing;

public sealed class TraceRecorderTests
{
    [Fact]
    public async Task The_gateway_records_a_trace_the_simulator_replays_under_every_policy()
    {
        using var output = new TempDirectory();
        var trace = output.File("served.csv");
        await using (var gateway = await TestGateway.StartAsync(configure: o => o with { TracePath = trace, MemoryBudgetBytes = 200 }))
        {
            var requests = new[] { ("m0", "alice"), ("m1", "bob"), ("m0", "alice"), ("m2", "carol"), ("m1", "bob"), ("m0", "dave") };
            foreach (var (model, user) in requests)
            {
                (await gateway.Client.PostJsonAsync("/v1/chat/completions", $$"""{"model":"{{model}}","user":"{{user}}","messages":[{"role":"user","content":"tell me about {{user}}"}],"max_tokens":2}""")).Dispose();
            }
        }

        var lines = await File.ReadAllLinesAsync(trace);
        Assert.Equal("time,user,model,inputTokens,outputTokens,topic", lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.Equal(["m0", "m1", "m0", "m2", "m1", "m0"], lines.Skip(1).Select(l => l.Split(',')[2]));
        Assert.DoesNotContain(lines, l => l.Contains("alice", StringComparison.Ordinal) || l.Contains("bob", StringComparison.Ordinal));
        Assert.Equal(lines[1].Split(',')[1], lines[3].Split(',')[1]);

        var scenario = ScenarioLoader.Load(trace + ".scenario.yaml");
        Assert.Equal(200, scenario.Servers[0].MemoryCapacityBytes);
        Assert.Equal(100, scenario.Catalog[0].MemoryBytes);
        Assert.Equal(0.02, scenario.Context.NewModelWorth);
        var simulator = new Simulator(scenario);
        foreach (var policy in CachePolicyNames.All)
        {
            var result = simulator.Run(policy, seed: 1);
            Assert.Equal(6, result.Costs.Requests);
        }
    }
}
