using EdgeFM.Core.Caching;
using EdgeFM.Core.Models;
using EdgeFM.Gateway.Cache;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.Gateway.Context;

namespace EdgeFM.Gateway.Planning;

/// <summary>
/// The live cache as a cache policy sees it, the counterpart of the simulator's cache: residency from the cache, and
/// request counts and demand from the context ledger, on the ledger's time axis, and each resident model's context value
/// from the live demonstrations it has served since it loaded, for this request's user and prompt (<paramref name="query"/>;
/// the policy's own time and topic arguments are the request's, so the value is taken now). A model is pinned for the
/// policy while it is loading, leased by a request or pinned by an operator. Used for one decision only; each model's
/// value is read once per decision.
/// </summary>
/// <remarks>
/// In a cluster, the cooperative policy (Core's <see cref="Core.Caching.Policies.CooperativeCachePolicy"/>) shows its
/// inner policy this view with the cluster's last copies of models in demand pinned as well.
/// </remarks>
internal sealed class PolicyView(ResidencySnapshot residency, ContextLedger ledger, DemonstrationRequest query) : ICacheView, IDemandView
{
    private readonly double?[] _values = new double?[residency.Resident.Count];

    public long CapacityBytes => residency.BudgetBytes;

    public long BytesInUse => residency.UsedBytes;

    public int Count => residency.Resident.Count;

    public CachedModel this[int index]
    {
        get
        {
            var model = residency.Resident[index];
            return new CachedModel(new ModelId(model.Id), model.Bytes, ledger.SecondsAt(model.LoadStartedAt), ledger.SecondsAt(model.LastUse), ledger.RequestCount(model.Id), !model.Evictable);
        }
    }

    public int IndexOf(ModelId id)
    {
        for (var i = 0; i < residency.Resident.Count; i++)
        {
            if (string.Equals(residency.Resident[i].Id, id.Value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    public long RequestCount(ModelId id) => ledger.RequestCount(id.Value);

    public double ContextValue(int index, double time, double topic) =>
        _values[index] ??= ledger.ContextValue(residency.Resident[index].Id, query, residency.Resident[index].LoadStartedAt);

    // The exact value is below any 'enough' it reaches, as the interface allows.
    public double ContextValue(int index, double time, double topic, double enough) => ContextValue(index, time, topic);

    public double DemandValue(ModelId id, double time, double topic) => ledger.DemandValue(id.Value, time, topic);
}
