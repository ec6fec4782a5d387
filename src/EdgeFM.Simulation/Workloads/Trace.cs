namespace EdgeFM.Simulation.Workloads;

/// <summary>
/// A request trace held in columns (time-ordered): the simulator replays it instead of generating requests.
/// Users are numbered 0 .. <see cref="UserCount"/> − 1 in order of first appearance; models are catalog ordinals.
/// </summary>
public sealed class Trace
{
    internal Trace(double[] times, int[] users, int[] models, int[] inputTokens, int[] outputTokens, double[] topics, int userCount)
    {
        Times = times;
        Users = users;
        Models = models;
        InputTokens = inputTokens;
        OutputTokens = outputTokens;
        Topics = topics;
        UserCount = userCount;
    }

    /// <summary>Number of requests.</summary>
    public int Count => Times.Length;

    /// <summary>Number of distinct users.</summary>
    public int UserCount { get; }

    internal double[] Times { get; }

    internal int[] Users { get; }

    internal int[] Models { get; }

    internal int[] InputTokens { get; }

    internal int[] OutputTokens { get; }

    internal double[] Topics { get; }
}
