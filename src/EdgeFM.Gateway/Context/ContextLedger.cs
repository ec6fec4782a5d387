using EdgeFM.Core.Context;
using EdgeFM.Core.Models;
using EdgeFM.Edge.Demonstrations;

namespace EdgeFM.Gateway.Context;

/// <summary>
/// What the gateway has learned per model, as Age of Context weighs it: the demand history of every request for it
/// (served here or offloaded), how many requests for it the gateway has seen, and — from the live demonstrations in
/// the SQLite store (<see cref="LiveDemonstrations"/>), the very ones edge prompts are given — the context value of a
/// loaded model for a request. The cache policy reads it through the planner's view. Times are seconds since the
/// gateway started, on its <see cref="TimeProvider"/>. Thread-safe; the context values read the store (a short
/// SQLite read), the rest calls nothing outside itself.
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
    /// <param name="ageOfContext">How demand is valued.</param>
    /// <param name="capacity">Demand records kept per model (≥ 1); the oldest is replaced when full.</param>
    /// <param name="demonstrations">The live demonstrations context values come from.</param>
    /// <param name="time">The gateway's clock; time 0 is when the ledger is created.</param>
    public ContextLedger(AgeOfContext ageOfContext, int capacity, LiveDemonstrations demonstrations, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(ageOfContext);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentNullException.ThrowIfNull(time);
        _ageOfContext = ageOfContext;
        _capacity = capacity;
        Demonstrations = demonstrations ?? throw new ArgumentNullException(nameof(demonstrations));
        _time = time;
        _started = time.GetUtcNow();
    }

    /// <summary>The live demonstrations.</summary>
    public LiveDemonstrations Demonstrations { get; }

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
            context.LastTopic = topic;
            context.Demand.Add(new Demonstration(time, topic));
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
    /// The Age-of-Context value, in effective examples, of the demonstrations <paramref name="model"/> has served since
    /// <paramref name="loadedAt"/> for <paramref name="query"/> now (see <see cref="LiveDemonstrations.Value"/>).
    /// </summary>
    public double ContextValue(string model, DemonstrationRequest query, DateTimeOffset loadedAt) => Demonstrations.Value(model, query, loadedAt);

    /// <summary>The operator's view of <paramref name="model"/>'s context now: Σ freshness of its demonstrations (every user's).</summary>
    public double CurrentContextValue(string model) => Demonstrations.Context.TotalValue(new ModelId(model));

    /// <summary>Committed demonstrations of <paramref name="model"/>.</summary>
    public int DemonstrationCount(string model) => Demonstrations.Count(model);

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
        public ContextStore Demand { get; } = new(capacity);

        public long Requests { get; set; }

        public double LastTopic { get; set; }
    }
}
