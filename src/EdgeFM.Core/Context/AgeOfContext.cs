using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Core.Context;

/// <summary>
/// Age of Context: the value of a model's stored examples for a request at time t on topic o,
/// V = Σ_k freshness(t − t_k) · relevance(example_k, o), over the examples in the model's window.
/// V is an effective number of examples (dimensionless): n brand-new same-topic examples are worth n.
/// </summary>
public sealed class AgeOfContext
{
    // Relevance of the default function sampled over topic distances [0, 0.5]; linear interpolation between
    // samples is within 1e-7 (relative) of exp for sharpness up to ~50, and avoids an exp per example.
    private const int RelevanceSamples = 4096;

    private readonly LinearFreshness? _linear;
    private readonly TopicRelevance? _topic;
    private readonly double[]? _relevanceTable;
    private readonly double _inverseWindow;

    /// <summary>Creates the metric from a freshness and a relevance function.</summary>
    public AgeOfContext(IFreshness freshness, IRelevance relevance)
    {
        Freshness = freshness ?? throw new ArgumentNullException(nameof(freshness));
        Relevance = relevance ?? throw new ArgumentNullException(nameof(relevance));

        // The defaults are evaluated inline on the hot path; custom functions go through the interfaces.
        _linear = freshness as LinearFreshness;
        _topic = relevance as TopicRelevance;
        _inverseWindow = _linear is null ? 0 : 1 / _linear.WindowSeconds;
        if (_topic is not null)
        {
            _relevanceTable = new double[RelevanceSamples + 2];
            for (var i = 0; i < _relevanceTable.Length; i++)
            {
                _relevanceTable[i] = Math.Exp(-_topic.Sharpness * 0.5 * i / RelevanceSamples);
            }
        }
    }

    /// <summary>The freshness function.</summary>
    public IFreshness Freshness { get; }

    /// <summary>The relevance function.</summary>
    public IRelevance Relevance { get; }

    /// <summary>Creates the default metric: <see cref="LinearFreshness"/> and <see cref="TopicRelevance"/>.</summary>
    public static AgeOfContext CreateDefault(double windowSeconds, double topicSharpness) =>
        new(new LinearFreshness(windowSeconds), new TopicRelevance(topicSharpness));

    /// <summary>The value of <paramref name="store"/>'s examples for a request at <paramref name="time"/> on <paramref name="topic"/>.</summary>
    public double Value(ContextStore store, double time, double topic) => Value(store, time, topic, double.PositiveInfinity);

    /// <summary>
    /// Like <see cref="Value(ContextStore, double, double)"/>, but may stop summing once the partial sum reaches
    /// <paramref name="enough"/>: the result is the exact value when that is below <paramref name="enough"/>, and some
    /// partial sum ≥ <paramref name="enough"/> (≤ the value) otherwise. Every term is ≥ 0, so a policy that only needs
    /// to know whether a value is below a threshold can stop early; below it, the sum is bit-identical to the full one.
    /// </summary>
    public double Value(ContextStore store, double time, double topic, double enough)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.Count == 0)
        {
            return 0;
        }

        // The defaults get loops of their own, free of interface calls, so their sums stay in registers.
        if (_linear is not null && _topic is not null)
        {
            return store.IsChronological ? DefaultNewestFirst(store, time, topic, enough) : DefaultUnordered(store, time, topic);
        }

        double value = 0;
        foreach (ref readonly var example in store.Items)
        {
            var fresh = Freshness.Weight(time - example.Time);
            if (fresh > 0)
            {
                value += fresh * Relevance.Weight(example, topic);
            }
        }

        return value;
    }

    /// <summary>Newest first: the first stale example ends the scan, as all older ones are staler.</summary>
    private double DefaultNewestFirst(ContextStore store, double time, double topic, double enough)
    {
        var buffer = store.Buffer;
        var count = store.Count;
        var at = store.NewestIndex;
        var inverseWindow = _inverseWindow;
        ref var table = ref MemoryMarshal.GetArrayDataReference(_relevanceTable!);
        double value = 0;
        for (var i = 0; i < count; i++)
        {
            ref readonly var example = ref buffer[at];
            var fresh = 1 - ((time - example.Time) * inverseWindow);
            if (fresh <= 0)
            {
                break;
            }

            value += fresh * RelevanceOf(ref table, example.Topic, topic);
            if (value >= enough)
            {
                break;
            }

            at = at == 0 ? buffer.Length - 1 : at - 1;
        }

        return value;
    }

    private double DefaultUnordered(ContextStore store, double time, double topic)
    {
        var inverseWindow = _inverseWindow;
        ref var table = ref MemoryMarshal.GetArrayDataReference(_relevanceTable!);
        double value = 0;
        foreach (ref readonly var example in store.Items)
        {
            var fresh = 1 - ((time - example.Time) * inverseWindow);
            if (fresh > 0)
            {
                value += fresh * RelevanceOf(ref table, example.Topic, topic);
            }
        }

        return value;
    }

    /// <summary>The default relevance by linear interpolation in <c>_relevanceTable</c> (passed as its first element).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double RelevanceOf(ref double table, double exampleTopic, double requestTopic)
    {
        var d = Math.Abs(exampleTopic - requestTopic);
        if (d >= 1)
        {
            d -= Math.Floor(d);
        }

        // Fold onto [0, 0.5] without a branch: whether an example's topic is nearer one way round the circle or the
        // other is a coin flip, and a mispredicted branch per example was the largest cost of an LC decision.
        d = Sse2.IsSupported ? Sse2.MinScalar(Vector128.CreateScalarUnsafe(d), Vector128.CreateScalarUnsafe(1 - d)).ToScalar() : Math.Min(d, 1 - d);

        // d is in [0, 0.5], so at is in [0, RelevanceSamples] and at + 1 is within the table: no bounds checks.
        var position = d * (2 * RelevanceSamples);
        var at = (int)position;
        var low = Unsafe.Add(ref table, at);
        return low + ((Unsafe.Add(ref table, at + 1) - low) * (position - at));
    }
}
