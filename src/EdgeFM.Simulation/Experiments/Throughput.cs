using System.Diagnostics;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Simulation.Experiments;

/// <summary>Measures simulated requests per second of single-threaded runs.</summary>
public static class Throughput
{
    /// <summary>One measurement.</summary>
    /// <param name="Requests">Requests simulated.</param>
    /// <param name="Seconds">Wall-clock seconds of the run.</param>
    /// <param name="CpuSeconds">Processor seconds the process used during the run (the run itself is single-threaded;
    /// on a busy machine this is the time it actually got a core).</param>
    public readonly record struct Measurement(long Requests, double Seconds, double CpuSeconds)
    {
        /// <summary>Simulated requests per wall-clock second.</summary>
        public double RequestsPerSecond => Requests / Seconds;

        /// <summary>Simulated requests per processor second.</summary>
        public double RequestsPerCpuSecond => Requests / CpuSeconds;
    }

    /// <summary>
    /// Runs <paramref name="policy"/> on <paramref name="scenario"/> <paramref name="repeats"/> times on the calling
    /// thread (seed 1, 2, ...) after a short untimed warm-up that lets the JIT optimise, and returns every measurement.
    /// </summary>
    public static IReadOnlyList<Measurement> Measure(Scenario scenario, string policy, int repeats, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(repeats);
        var warmup = new Simulator(scenario with { Requests = Math.Min(scenario.Requests, 200_000) });
        warmup.Run(policy, 0, cancellationToken);
        var simulator = new Simulator(scenario);
        var results = new List<Measurement>(repeats);
        for (var r = 0; r < repeats; r++)
        {
            results.Add(Time(simulator, policy, r + 1, cancellationToken));
        }

        return results;
    }

    /// <summary>
    /// Measures each of <paramref name="scenarios"/> with <paramref name="policy"/> <paramref name="repeats"/> times on
    /// the calling thread, alternating between them (scenario 0, 1, ..., then again) after an untimed warm-up of each,
    /// so that every scenario sees the same machine load; returns the measurements per scenario, in order.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<Measurement>> MeasureAlternating(IReadOnlyList<Scenario> scenarios, string policy, int repeats, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(repeats);
        var simulators = new List<Simulator>(scenarios.Count);
        var results = new List<List<Measurement>>(scenarios.Count);
        foreach (var scenario in scenarios)
        {
            new Simulator(scenario with { Requests = Math.Min(scenario.Requests, 200_000) }).Run(policy, 0, cancellationToken);
            simulators.Add(new Simulator(scenario));
            results.Add(new List<Measurement>(repeats));
        }

        for (var r = 0; r < repeats; r++)
        {
            for (var s = 0; s < simulators.Count; s++)
            {
                results[s].Add(Time(simulators[s], policy, r + 1, cancellationToken));
            }
        }

        return results;
    }

    private static Measurement Time(Simulator simulator, string policy, int seed, CancellationToken cancellationToken)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var run = simulator.Run(policy, seed, cancellationToken);
        watch.Stop();
        process.Refresh();
        return new Measurement(run.Generated, watch.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }
}
