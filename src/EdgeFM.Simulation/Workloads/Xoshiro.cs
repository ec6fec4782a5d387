using EdgeFM.Core.Randomness;

namespace EdgeFM.Simulation.Workloads;

/// <summary>
/// The simulator's random draws over <see cref="Xoshiro256"/> (xoshiro256** seeded through SplitMix64), whose sequence
/// depends only on the seed (System.Random's seeded generator is slower and kept for compatibility).
/// </summary>
internal sealed class Xoshiro
{
    private readonly Xoshiro256 _generator;

    public Xoshiro(long seed) => _generator = new Xoshiro256(seed);

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => _generator.NextDouble();

    /// <summary>An exponential variate with the given rate (mean 1/rate).</summary>
    public double NextExponential(double rate) => -Math.Log(1 - NextDouble()) / rate;

    public ulong NextUInt64() => _generator.NextUInt64();
}
