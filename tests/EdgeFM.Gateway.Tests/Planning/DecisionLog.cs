using System.Globalization;
using EdgeFM.Core.Caching;
using EdgeFM.Core.Models;

namespace EdgeFM.Gateway.Tests.Planning;

/// <summary>Records each cache policy decision as one line: time, model, action, placed model, evictions.</summary>
internal sealed class DecisionLog : IDecisionObserver
{
    public List<string> Lines { get; } = [];

    public void OnDecision(in CacheRequest request, CacheDecision decision, IReadOnlyCollection<ModelId> evictions) =>
        Lines.Add(string.Create(
            CultureInfo.InvariantCulture,
            $"t={request.Time:0.###} {request.ModelId} {decision.Action}{(decision.Placement is { } p ? " place " + p.Id : string.Empty)} evict[{string.Join(',', evictions.Select(e => e.Value))}]"));
}
