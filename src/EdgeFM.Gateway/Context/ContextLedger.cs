using EdgeFM.Core.Context;

namespace EdgeFM.Gateway.Context;

/// <summary>
/// What the gateway has learned per model, as Age of Context weighs it: the demonstrations a loaded model has
/// accumulated from the requests it served (lost when it is evicted), the demand history of every request for it
/// (served here or offloaded; kept across evictions), and how many requests for it the gateway has seen. The cache
/// policy reads it through the planner's view, the serving pipeline writes demonstrations into it, and the cache
/// clears a model's demonstrations when it evicts the model. Times are seconds since the gateway started, on its
/// <see cref="TimeProvider"/>. Thread-safe; it calls nothing outside itself, so any lock may be held around it.
/// </summary>
public sealed class ContextLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ModelContext> _models = new(StringComparer.Ordinal);
    private readonly AgeOfContext _ageOfContext;
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _started;

    /// <summary>Creates an empty ledger.</summary>
    /// <param name="ageOfContext">How demonstrations are valued.</param>
    /// <param name="capacity">Demonstrations (and demand records) kept per model (≥ 1); the oldest is replaced when full.</param>
    /// <param name="time">The gateway's clock; time 0 is when the ledger is created.</param>
    public ContextLedger(AgeOfContext ageOfContext, int capacity, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(ageOfContext);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentNullException.ThrowIfNull(time);
        _ageOfContext = ageOfContext;
        _capacity = capacity;
        _time = time;
        _started = time.GetUtcNow();
    }

    /// <summary>Seconds since the ledger was created, on the gateway's clock (the policies' time axis).</summary>
    public double Now => (_time.GetUtcNow() - _started).TotalSeconds;

    /// <summary>Seconds since the ledger was created at <paramref name="instant"/>.</summary>
    public double SecondsAt(DateTimeOffset instant) => (instant - _started).TotalSeconds;

    /// <summary>
    /// Counts a request for <paramref name="model"/> at <paramref name="time"/> on <paramref name="topic"/> and adds it to
    /// the model's demand history. Called once per request after the policy decided, as the simulator does.
    /// </summary>
    public void RecordRequest(string model, double time, double topic)
    {
        lock (_gate)
        {
            var context = ContextOf(model);
            context.Requests++;
            context.Demand.Add(new Demonstration(time, topic));
        }
    }

    /// <summary>Adds a demonstration left by a request <paramref name="model"/> served at <paramref name="time"/> on <paramref name="topic"/>.</summary>
    public void RecordDemonstration(string model, double time, double topic)
    {
        lock (_gate)
        {
            var context = ContextOf(model);
            context.Demonstrations.Add(new Demonstration(time, topic));
            context.LastTopic = topic;
        }
    }

    /// <summary>Discards <paramref name="model"/>'s demonstrations (it was evicted or reloaded; its context is lost).</summary>
    public void ClearDemonstrations(string model)
    {
        lock (_gate)
        {
            if (_models.TryGetValue(model, out var context))
            {
                context.Demonstrations.Clear();
            }
        }
    }

    /// <summary>Requests for <paramref name="model"/> seen before now (served here or offloaded).</summary>
    public long RequestCount(string model)
    {
        lock (_gate)
        {
            return _models.TryGetValue(model, out var context) ? context.Requests : 0;
        }
    }

    /// <summary>
    /// The Age-of-Context value, in effective examples, of <paramref name="model"/>'s demonstrations for a request at
    /// <paramref name="time"/> on <paramref name="topic"/>; may stop summing once it reaches <paramref name="enough"/>
    /// (see <see cref="AgeOfContext.Value(ContextStore, double, double, double)"/>).
    /// </summary>
    public double ContextValue(string model, double time, double topic, double enough = double.PositiveInfinity)
    {
        lock (_gate)
        {
            return _models.TryGetValue(model, out var context) ? _ageOfContext.Value(context.Demonstrations, time, topic, enough) : 0;
        }
    }

    /// <summary>The value of <paramref name="model"/>'s demonstrations now, for a request on its most recent topic.</summary>
    public double CurrentContextValue(string model)
    {
        var now = Now;
        lock (_gate)
        {
            return _models.TryGetValue(model, out var context) ? _ageOfContext.Value(context.Demonstrations, now, context.LastTopic) : 0;
        }
    }

    /// <summary>Demonstrations <paramref name="model"/> holds now.</summary>
    public int DemonstrationCount(string model)
    {
        lock (_gate)
        {
            return _models.TryGetValue(model, out var context) ? context.Demonstrations.Count : 0;
        }
    }

    /// <summary>The value, in effective examples, of the recent requests for <paramref name="model"/> (see <see cref="Core.Caching.IDemandView"/>).</summary>
    public double DemandValue(string model, double time, double topic)
    {
        lock (_gate)
        {
            return _models.TryGetValue(model, out var context) ? _ageOfContext.Value(context.Demand, time, topic) : 0;
        }
    }

    /// <summary>
    /// The value, in effective examples, of the recent requests for <paramref name="model"/> now, on its most recent
    /// topic: what LC credits a model it would load with, beside its new-model worth.
    /// </summary>
    public double CurrentDemandValue(string model)
    {
        var now = Now;
        lock (_gate)
        {
            return _models.TryGetValue(model, out var context) ? _ageOfContext.Value(context.Demand, now, context.LastTopic) : 0;
        }
    }

    private ModelContext ContextOf(string model)
    {
        if (!_models.TryGetValue(model, out var context))
        {
            context = new ModelContext(_capacity);
            _models[model] = context;
        }

        return context;
    }

    private sealed class ModelContext(int capacity)
    {
        public ContextStore Demonstrations { get; } = new(capacity);

        public ContextStore Demand { get; } = new(capacity);

        public long Requests { get; set; }

        public double LastTopic { get; set; }
    }
}
