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

    /// <summary>Creates the metric from a freshness and a relevance function.</summary>
    public AgeOfContext(IFreshness freshness, IRelevance relevance)
    {
        Freshness = freshness ?? throw new ArgumentNullException(nameof(freshness));
        Relevance = relevance ?? throw new ArgumentNullException(nameof(relevance));

        // The defaults are evaluated inline on the hot path; custom functions go through the interfaces.
        _linear = freshness as LinearFreshness;
        _topic = relevance as TopicRelevance;
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

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private double RelevanceOf(double exampleTopic, double requestTopic)
    {
        var d = Math.Abs(exampleTopic - requestTopic);
        if (d >= 1)
        {
            d -= Math.Floor(d);
        }

        if (d > 0.5)
        {
            d = 1 - d;
        }

        // d is in [0, 0.5], so at is in [0, RelevanceSamples] and at + 1 is within the table: no bounds checks.
        ref var table = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_relevanceTable!);
        var position = d * (2 * RelevanceSamples);
        var at = (int)position;
        var low = System.Runtime.CompilerServices.Unsafe.Add(ref table, at);
        return low + ((System.Runtime.CompilerServices.Unsafe.Add(ref table, at + 1) - low) * (position - at));
    }

    /// <summary>The value of <paramref name="store"/>'s examples for a request at <paramref name="time"/> on <paramref name="topic"/>.</summary>
    public double Value(ContextStore store, double time, double topic)
    {
        ArgumentNullException.ThrowIfNull(store);
        var count = store.Count;
        if (count == 0)
        {
            return 0;
        }

        double value = 0;
        if (_linear is not null && _topic is not null)
        {
            var inverseWindow = 1 / _linear.WindowSeconds;
            if (store.IsChronological)
            {
                // Newest first: the first stale example ends the scan, as all older ones are staler.
                var buffer = store.Buffer;
                var at = store.NewestIndex;
                for (var i = 0; i < count; i++)
                {
                    ref readonly var example = ref buffer[at];
                    var fresh = 1 - ((time - example.Time) * inverseWindow);
                    if (fresh <= 0)
                    {
                        break;
                    }

                    value += fresh * RelevanceOf(example.Topic, topic);
                    at = at == 0 ? buffer.Length - 1 : at - 1;
                }

                return value;
            }

            foreach (ref readonly var example in store.Items)
            {
                var fresh = 1 - ((time - example.Time) * inverseWindow);
                if (fresh > 0)
                {
                    value += fresh * RelevanceOf(example.Topic, topic);
                }
            }

            return value;
        }

        var all = store.Items;
        for (var i = 0; i < count; i++)
        {
            ref readonly var example = ref all[i];
            var fresh = Freshness.Weight(time - example.Time);
            if (fresh > 0)
            {
                value += fresh * Relevance.Weight(example, topic);
            }
        }

        return value;
    }
}
