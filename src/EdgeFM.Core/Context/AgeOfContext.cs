namespace EdgeFM.Core.Context;

/// <summary>
/// Age of Context: the value of a model's stored examples for a request at time t on topic o,
/// V = Σ_k freshness(t − t_k) · relevance(example_k, o), over the examples in the model's window.
/// V is an effective number of examples (dimensionless): n brand-new same-topic examples are worth n.
/// </summary>
public sealed class AgeOfContext
{
    private readonly LinearFreshness? _linear;
    private readonly TopicRelevance? _topic;

    /// <summary>Creates the metric from a freshness and a relevance function.</summary>
    public AgeOfContext(IFreshness freshness, IRelevance relevance)
    {
        Freshness = freshness ?? throw new ArgumentNullException(nameof(freshness));
        Relevance = relevance ?? throw new ArgumentNullException(nameof(relevance));

        // The defaults are evaluated inline on the hot path; custom functions go through the interfaces.
        _linear = freshness as LinearFreshness;
        _topic = relevance as TopicRelevance;
    }

    /// <summary>The freshness function.</summary>
    public IFreshness Freshness { get; }

    /// <summary>The relevance function.</summary>
    public IRelevance Relevance { get; }

    /// <summary>Creates the default metric: <see cref="LinearFreshness"/> and <see cref="TopicRelevance"/>.</summary>
    public static AgeOfContext CreateDefault(double windowSeconds, double topicSharpness) =>
        new(new LinearFreshness(windowSeconds), new TopicRelevance(topicSharpness));

    /// <summary>The value of <paramref name="store"/>'s examples for a request at <paramref name="time"/> on <paramref name="topic"/>.</summary>
    public double Value(ContextStore store, double time, double topic)
    {
        ArgumentNullException.ThrowIfNull(store);
        var count = store.Count;
        if (count == 0)
        {
            return 0;
        }

        var items = store.Items;
        double value = 0;
        if (_linear is not null && _topic is not null)
        {
            var window = _linear.WindowSeconds;
            var sharpness = _topic.Sharpness;
            for (var i = 0; i < count; i++)
            {
                ref readonly var example = ref items[i];
                var fresh = 1 - ((time - example.Time) / window);
                if (fresh > 0)
                {
                    value += sharpness == 0 ? fresh : fresh * Math.Exp(-sharpness * TopicRelevance.Distance(example.Topic, topic));
                }
            }

            return value;
        }

        for (var i = 0; i < count; i++)
        {
            ref readonly var example = ref items[i];
            var fresh = Freshness.Weight(time - example.Time);
            if (fresh > 0)
            {
                value += fresh * Relevance.Weight(example, topic);
            }
        }

        return value;
    }
}
