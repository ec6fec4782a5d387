using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching;

/// <summary>
/// Receives every decision a cache policy makes, with the victims it named, where the simulator or the gateway asks
/// it. The same observer on both sides shows whether they ran the same policy on the same inputs. Called on the
/// deciding thread; implementations must not keep the evictions collection beyond the call.
/// </summary>
public interface IDecisionObserver
{
    /// <summary>Called after the policy decided <paramref name="decision"/> for <paramref name="request"/>.</summary>
    void OnDecision(in CacheRequest request, CacheDecision decision, IReadOnlyCollection<ModelId> evictions);
}
