using EdgeFM.Core.Context;
using EdgeFM.Core.Models;

namespace EdgeFM.Edge.Demonstrations;

/// <summary>
/// Per-model in-context demonstrations with Age of Context: records served requests into a
/// <see cref="DemonstrationStore"/> (off the request path), chooses few-shot demonstrations for a new request, gives a
/// model's live context value for a request (what LC ranks cached models by) and the snapshot an operator sees.
/// Freshness is Core's <see cref="LinearFreshness"/> over <see cref="DemonstrationContextOptions.FreshnessWindow"/>.
/// Thread-safe.
/// </summary>
public sealed class DemonstrationContext
{
    private readonly DemonstrationStore _store;
    private readonly TimeProvider _time;
    private readonly DemonstrationContextOptions _options;

    /// <summary>Creates the context over <paramref name="store"/>; <paramref name="timeProvider"/> stamps and ages demonstrations.</summary>
    public DemonstrationContext(DemonstrationStore store, TimeProvider? timeProvider = null, DemonstrationContextOptions? options = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = timeProvider ?? TimeProvider.System;
        _options = options ?? new DemonstrationContextOptions();
        Selector = new AgeOfContextSelector(new LinearFreshness(_options.FreshnessWindow.TotalSeconds), _options.OtherUserAffinity);
    }

    /// <summary>The scoring used for selection and values.</summary>
    public AgeOfContextSelector Selector { get; }

    /// <summary>The store.</summary>
    public DemonstrationStore Store => _store;

    /// <summary>
    /// Records a served request as a demonstration stamped now, without waiting (false when the write queue is full;
    /// the demonstration is then not kept). Call after the response is complete.
    /// </summary>
    public bool Record(ModelId model, UserId user, bool shareable, string topic, string prompt, string response) =>
        _store.TryRecord(new StoredDemonstration(0, model, user, shareable, topic ?? "", _time.GetUtcNow(), prompt, response));

    /// <summary>
    /// Chooses up to <paramref name="k"/> demonstrations of <paramref name="model"/> for <paramref name="request"/> by AoC
    /// score within <paramref name="tokenBudget"/> (costs by <paramref name="tokenCost"/>, e.g. the template's formatted
    /// size in the edge model's tokens). Only the user's own and shareable demonstrations are candidates.
    /// </summary>
    public DemonstrationSelection Select(ModelId model, DemonstrationRequest request, int k, int tokenBudget, Func<StoredDemonstration, int> tokenCost)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        return Selector.Select(request, Candidates(model, request.User, now), now, k, tokenBudget, tokenCost);
    }

    /// <summary>
    /// The live AoC value of <paramref name="model"/>'s context for <paramref name="request"/> now: Σ freshness × relevance
    /// over the demonstrations the user may see (dimensionless; n brand-new exactly matching examples are worth n), at
    /// most the newest <see cref="DemonstrationContextOptions.CandidateLimit"/> of them; with <paramref name="since"/>,
    /// only those made at or after it (e.g. a cached model's load: the context it built up while resident).
    /// </summary>
    public double Value(ModelId model, DemonstrationRequest request, DateTimeOffset? since = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        return Selector.Score(request, Candidates(model, request.User, now, since), now).Sum(s => s.Score);
    }

    /// <summary>The operator's view of <paramref name="model"/>'s context now (count, total freshness, newest examples).</summary>
    public ContextSnapshot Snapshot(ModelId model)
    {
        var scored = Recent(model);
        return new ContextSnapshot(model, _store.Count(model), scored.Sum(s => s.Score), [.. scored.Take(_options.SnapshotExamples)]);
    }

    /// <summary>
    /// <see cref="Snapshot"/>'s total value alone: Σ freshness now over the newest
    /// <see cref="DemonstrationContextOptions.CandidateLimit"/> demonstrations of <paramref name="model"/>, every user's
    /// (one read; no count, no examples).
    /// </summary>
    public double TotalValue(ModelId model) => Recent(model).Sum(s => s.Score);

    /// <summary>Deletes every demonstration of <paramref name="model"/>; returns how many were deleted.</summary>
    public Task<int> ClearAsync(ModelId model, CancellationToken cancellationToken = default) => _store.DeleteModelAsync(model, cancellationToken);

    /// <summary>The newest demonstrations of <paramref name="model"/>, every user's, each scored by its freshness now alone.</summary>
    private ScoredDemonstration[] Recent(ModelId model)
    {
        var now = _time.GetUtcNow();
        return [.. _store.All(model, _options.CandidateLimit).Select(d =>
        {
            var fresh = Selector.Freshness.Weight(Math.Max(0, (now - d.Time).TotalSeconds));
            return new ScoredDemonstration(d, fresh, 1, fresh);
        })];
    }

    /// <summary>The newest demonstrations the user may see that still count: made within Ω of now and at or after <paramref name="since"/>.</summary>
    private IReadOnlyList<StoredDemonstration> Candidates(ModelId model, UserId user, DateTimeOffset now, DateTimeOffset? since = null)
    {
        var from = now - _options.FreshnessWindow;
        return _store.Visible(model, user, since > from ? since.Value : from, _options.CandidateLimit);
    }
}
