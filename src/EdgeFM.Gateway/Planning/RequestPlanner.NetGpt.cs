using EdgeFM.Core.Caching;
using EdgeFM.Core.Models;

namespace EdgeFM.Gateway.Planning;

public sealed partial class RequestPlanner
{
    /// <summary>
    /// The edge model that completes NetGPT prompts: <c>--netgpt-edge-model</c>, else the smallest model of the
    /// directory (by the bytes it occupies loaded; the first in catalog order on a tie).
    /// </summary>
    public string NetGptEdgeModel =>
        _options.NetGptEdgeModel ?? _catalog.Models.MinBy(m => _cache.BytesOf(m.Id))?.Id ?? string.Empty;

    /// <summary>
    /// Plans a NetGPT request: a <see cref="StageRole.Complete"/> stage on <see cref="NetGptEdgeModel"/> (served or
    /// loaded as the cache policy decides for it; the raw prompt never leaves the edge, so this stage has no cloud
    /// fallback), then the <see cref="StageRole.Answer"/> stage: the request's model as any request for it is planned
    /// when this edge has it; else the cloud, falling back to the edge model; and the edge model itself when there is no
    /// cloud (or its circuit is open), so a NetGPT request is answered even without a cloud.
    /// </summary>
    private ServingPlan PlanNetGpt(in PlanRequest request, bool firstAttempt)
    {
        var edgeModel = NetGptEdgeModel;
        if (!_catalog.TryGet(edgeModel, out _))
        {
            return new ServingPlan([], $"the NetGPT edge model '{edgeModel}' is not a model of this edge (--netgpt-edge-model)", _policy.Name);
        }

        if (_cache.FailureOf(edgeModel) is { } failure)
        {
            return new ServingPlan([], $"the NetGPT edge model '{edgeModel}' cannot be loaded here: {failure}", _policy.Name);
        }

        CacheDecision decision;
        IReadOnlyList<ModelId> evictions;
        Cache.ResidencySnapshot residency;
        lock (_gate)
        {
            var time = _ledger.Now;
            residency = _cache.Residency();
            decision = Decide(edgeModel, time, request.Topic, residency, request.Context, out evictions);
            if (firstAttempt)
            {
                _ledger.RecordRequest(edgeModel, time, request.Topic);
                _trace?.Record(time, request.User, edgeModel, request.PromptTokens, request.OutputTokens, request.Topic);
            }
        }

        var complete = decision.Action switch
        {
            CacheAction.ServeAtEdge => Destination.Edge(edgeModel),
            CacheAction.LoadAndServe => Destination.EdgeLoad(edgeModel, evictions),
            _ => null,
        };
        if (complete is null)
        {
            return new ServingPlan([], $"the {_policy.Name} policy would not load the NetGPT edge model '{edgeModel}' now", _policy.Name, MayWaitForRoom: MayChange(residency, null));
        }

        var (answer, reason) = PlanNetGptAnswer(request, edgeModel, firstAttempt);
        return new ServingPlan([new PlanStage(StageRole.Complete, complete, null), answer], $"NetGPT: completed at the edge; {reason}", _policy.Name);
    }

    /// <summary>
    /// Plans the answer stage of a NetGPT request whose prompt is complete: the request's own model as a plain
    /// request, or the cloud, or <paramref name="edgeModel"/>. Counted and traced as a request of its model only on the
    /// first attempt.
    /// </summary>
    internal (PlanStage Stage, string Reason) PlanNetGptAnswer(in PlanRequest request, string edgeModel, bool firstAttempt)
    {
        var edge = Destination.Edge(edgeModel);
        if (_catalog.TryGet(request.Model, out _))
        {
            var plain = PlanAnswer(request with { Personalize = false }, firstAttempt);
            return plain.Stages.Count > 0
                ? (plain.Stages[0], plain.Reason)
                : (new PlanStage(StageRole.Answer, edge, null), $"{plain.Reason}; the edge model answers");
        }

        var cloudUp = _cloudAvailable is not null && _cloudAvailable();
        return cloudUp
            ? (new PlanStage(StageRole.Answer, Destination.Cloud(request.Model), edge), "the cloud answers the completed prompt")
            : (new PlanStage(StageRole.Answer, edge, null), _cloudAvailable is null ? "no cloud: the edge model answers" : "cloud unavailable: the edge model answers");
    }
}
