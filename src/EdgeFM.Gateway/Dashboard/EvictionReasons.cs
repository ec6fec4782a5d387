using System.Globalization;
using EdgeFM.Core.Caching;
using EdgeFM.Core.Models;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Context;
using EdgeFM.Gateway.Planning;

namespace EdgeFM.Gateway.Dashboard;

/// <summary>
/// Watches the cache policy decide (it is the planner's <see cref="IDecisionObserver"/>) and, for each victim it names,
/// writes down why in the policy's own terms — the quantity it ranks models by, read from the same ledger and
/// residency it saw — so the eviction that follows appears in the <see cref="GatewayEventLog"/> with that reason.
/// Passes every decision on to <c>next</c>. Called under the planner's lock, so it only reads.
/// A cooperative policy's victims are described in its inner policy's terms (the inner policy chose them).
/// </summary>
internal sealed class EvictionReasons(GatewayEventLog log, ICachePolicy decider, LiveModelCache cache, ContextLedger ledger, IDecisionObserver? next) : IDecisionObserver
{
    private readonly string _policy = decider.Name;
    private readonly string _ranking = (decider as ICooperativeCachePolicy)?.Inner.Name ?? decider.Name;

    public void OnDecision(in CacheRequest request, CacheDecision decision, IReadOnlyCollection<ModelId> evictions)
    {
        next?.OnDecision(request, decision, evictions);
        if (decision.Action is not (CacheAction.LoadAndServe or CacheAction.CloudAndPlace))
        {
            return;
        }

        var forModel = decision.Placement?.Id.Value ?? request.ModelId.Value;
        var victims = evictions.Count == 0 ? "into free memory" : "evicting " + string.Join(", ", evictions.Select(e => e.Value));
        log.NoteLoad(forModel, decision.Action == CacheAction.LoadAndServe
            ? $"{_policy} loads it for a request, {victims}"
            : $"{_policy} loads it while the request goes to the cloud, {victims}");
        if (evictions.Count == 0)
        {
            return;
        }

        var residency = cache.Residency();
        foreach (var victim in evictions)
        {
            var resident = residency.Resident.FirstOrDefault(r => string.Equals(r.Id, victim.Value, StringComparison.Ordinal));
            var why = resident.Id is null ? "chosen by the policy" : Describe(request, forModel, resident);
            log.NoteReason(victim.Value, forModel, $"{_policy} evicted it for {forModel}: {why}");
        }
    }

    private string Describe(in CacheRequest request, string forModel, ResidentModel victim) => _ranking switch
    {
        CachePolicyNames.LRU => string.Create(CultureInfo.InvariantCulture, $"least recently used (idle {request.Time - ledger.SecondsAt(victim.LastUse):0.0} s)"),
        CachePolicyNames.FIFO => string.Create(CultureInfo.InvariantCulture, $"loaded first (resident {request.Time - ledger.SecondsAt(victim.LoadStartedAt):0.0} s)"),
        CachePolicyNames.LFU => string.Create(CultureInfo.InvariantCulture, $"least requested ({ledger.RequestCount(victim.Id)} requests, {forModel} {ledger.RequestCount(forModel) + 1})"),
        CachePolicyNames.LC => string.Create(
            CultureInfo.InvariantCulture,
            $"least context (Age-of-Context value {ledger.ContextValue(victim.Id, RequestPlanner.AnyUser, victim.LoadStartedAt):0.000} of its shareable demonstrations since it loaded; {forModel}'s demand {ledger.DemandValue(forModel, request.Time, request.Topic):0.000})"),
        CachePolicyNames.Random => "chosen at random",
        _ => "chosen by the policy",
    };
}
