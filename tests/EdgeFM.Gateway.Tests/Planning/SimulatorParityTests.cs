using System.Globalization;
using System.Text;
using EdgeFM.Core.Caching;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Tests.Support;
using EdgeFM.Simulation;
using EdgeFM.Simulation.Scenarios;
using EdgeFM.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace EdgeFM.Gateway.Tests.Planning;

/// <summary>
/// The same request sequence (model, time, topic) through the simulator and through the live gateway (planner, cache,
/// executor, fake backends, a fake clock): every policy must make the same decisions, load for load and eviction for
/// eviction, and end with the same models cached. The gateway's context values come from its live demonstrations
/// (SQLite; lexical relevance between prompts, linear freshness over the window, the newest capacity of them since the
/// model loaded); every request here has the same prompt, so each demonstration's relevance is 1, which the simulator
/// models with topic sharpness 0 (every topic counts fully). Each request's demonstration is committed before the next
/// request is decided (the store writes off the request path; the parity is with what is committed).
/// </summary>
public sealed class SimulatorParityTests
{
    private const int Models = 6;
    private const int PolicySeed = 42;
    private static readonly long[] Sizes = [300, 200, 250, 150, 400, 100];
    private const long Budget = 700;

    public static TheoryData<string> Policies => [.. CachePolicyNames.All];

    [Theory]
    [MemberData(nameof(Policies))]
    public async Task The_live_gateway_decides_exactly_as_the_simulator(string policy)
    {
        var requests = Workload(seed: 3, count: 160);
        using var directory = new TempDirectory();
        var scenario = WriteScenario(directory, requests, policy);
        var simulated = new DecisionLog();
        var simulator = new Simulator(scenario);
        var result = simulator.Run(Simulator.DefaultPolicies(scenario).Create(policy, scenario.Catalog, new Random(PolicySeed)), seed: 1, simulated);

        var live = new DecisionLog();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero));
        var loader = new FakeModelLoader { BytesOf = id => Sizes[int.Parse(id[1..], CultureInfo.InvariantCulture)], LoadDelay = TimeSpan.Zero };
        await using var gateway = await TestGateway.StartAsync(
            models: Models,
            loader: loader,
            configure: o => o with { MemoryBudgetBytes = Budget, Policy = policy, Seed = PolicySeed, WindowSeconds = 900, TopicSharpness = 0, NewModelWorth = 0.02, ContextCapacity = 8 },
            time: time,
            observer: live);
        var started = time.GetUtcNow();
        var cloudDecisions = 0;
        foreach (var (at, model, topic) in requests)
        {
            time.SetUtcNow(started + TimeSpan.FromMilliseconds(at));
            try
            {
                await using var run = await gateway.Executor.StartAsync(Request(model, topic, time), CancellationToken.None);
                while (await run.Stream.MoveNextAsync())
                {
                }
            }
            catch (ApiException ex) when (ex.StatusCode == 503)
            {
                // No cloud here: a request the policy sends to the cloud is refused, not served by a hidden fallback.
                cloudDecisions++;
            }

            await WaitForLoadsAsync(gateway.Cache);
            await gateway.Demonstrations.FlushAsync();
        }

        Assert.Equal(requests.Count, simulated.Lines.Count);
        if (policy != CachePolicyNames.Cloud)
        {
            // The sequence must exercise what can differ: loads into free room, evictions, and (but for FIFO and LRU) offloads.
            Assert.Contains(simulated.Lines, l => l.Contains("LoadAndServe evict[]", StringComparison.Ordinal));
            Assert.Contains(simulated.Lines, l => l.Contains(" evict[m", StringComparison.Ordinal));
        }

        Assert.Equal(simulated.Lines, live.Lines);
        Assert.Equal(result.CloudRequests, cloudDecisions);
        Assert.True(result.Costs.EdgeRequests + result.CloudRequests == requests.Count, "every request is decided once");
        Assert.True(loader.PeakBytes <= Budget);
    }

    /// <summary>Requests at whole milliseconds (exact on both clocks), models skewed toward low ids with a shift halfway, topics drifting.</summary>
    private static List<(long AtMs, string Model, double Topic)> Workload(int seed, int count)
    {
        var random = new Random(seed);
        var list = new List<(long, string, double)>(count);
        var at = 0L;
        for (var i = 0; i < count; i++)
        {
            at += 1 + random.Next(20_000);
            var rank = (int)Math.Min(Models - 1, Math.Floor(-Math.Log(1 - random.NextDouble()) * 1.6));
            var model = i < count / 2 ? rank : Models - 1 - rank;
            var topic = Math.Round(((at / 1000.0 * 0.0005) + (0.1 * random.NextDouble())) % 1, 6);
            list.Add((at, $"m{model}", topic));
        }

        return list;
    }

    private static Scenario WriteScenario(TempDirectory directory, List<(long AtMs, string Model, double Topic)> requests, string policy)
    {
        var trace = new StringBuilder("time,user,model,inputTokens,outputTokens,topic\n");
        foreach (var (at, model, topic) in requests)
        {
            trace.Append(CultureInfo.InvariantCulture, $"{at / 1000.0:R},u1,{model},8,4,{topic:R}\n");
        }

        File.WriteAllText(directory.File("trace.csv"), trace.ToString());
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"""
            name: parity
            runs: 1
            warmStart: false
            policies: [{policy}]
            cloud: {"{"} latencySeconds: 0.5, pricePerRequest: 0.5 {"}"}
            context: {"{"} windowSeconds: 900, topicSharpness: 0, newModelWorth: 0.02 {"}"}
            workload: {"{"} trace: trace.csv {"}"}
            servers:
              - {"{"} name: edge, memoryGB: {Budget / 1e9:R}, computeGflops: 50 {"}"}
            models:

            """);
        for (var i = 0; i < Models; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - {{ id: m{i}, memoryGB: {Sizes[i] / 1e9:R}, computeGflop: 1, loadSeconds: 0.1, contextCapacity: 8, accuracy: {{ zeroShot: 0.3, oneShotGain: 0.06 }} }}\n");
        }

        File.WriteAllText(directory.File("parity.yaml"), yaml.ToString());
        return ScenarioLoader.Load(directory.File("parity.yaml"));
    }

    private static GenerationRequest Request(string model, double topic, TimeProvider time) =>
        new(EndpointKind.Chat, model, [new ChatMessage(ChatRole.User, "hello")], new ChatOptions { ModelId = model, MaxOutputTokens = 2 }, Stream: false, IncludeUsage: false, PromptChars: 5, User: null)
        {
            ReceivedTimestamp = time.GetTimestamp(),
            TopicOverride = topic,
        };

    private static async Task WaitForLoadsAsync(LiveModelCache cache)
    {
        for (var i = 0; i < 1000 && cache.Snapshot().Any(m => m.State == ModelState.Loading || m.InFlight > 0); i++)
        {
            await Task.Delay(1);
        }
    }
}
