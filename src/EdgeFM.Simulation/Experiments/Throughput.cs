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
            using var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var run = simulator.Run(policy, r + 1, cancellationToken);
            watch.Stop();
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            results.Add(new Measurement(run.Generated, watch.Elapsed.TotalSeconds, cpu));
        }

        return results;
    }
}
