using BenchmarkDotNet.Attributes;
using EdgeFM.Core.Caching;
using EdgeFM.Simulation;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Benchmarks.Simulation;

/// <summary>
/// One single-threaded run of the scaled reproduction scenario (100 servers, 50 models, 100,000 requests per
/// operation). Requests per second = 100,000 / mean time. Run: dotnet run -c Release --project bench/EdgeFM.Benchmarks -- --filter '*Simulator*'
/// </summary>
[MemoryDiagnoser]
public class SimulatorBenchmarks
{
    private const int Requests = 100_000;
    private Simulator _simulator = null!;

    [Params(CachePolicyNames.LC, CachePolicyNames.FIFO, CachePolicyNames.LFU)]
    public string Policy { get; set; } = CachePolicyNames.LC;

    [GlobalSetup]
    public void Setup() =>
        _simulator = new Simulator(ScenarioScaling.Scale(BuiltInScenarios.Load(BuiltInScenarios.Reproduce), 100, 50, Requests));

    [Benchmark(OperationsPerInvoke = Requests)]
    public long SimulateRequest() => _simulator.Run(Policy, 1).Generated;
}
