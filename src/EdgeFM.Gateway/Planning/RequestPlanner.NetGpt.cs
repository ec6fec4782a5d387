using EdgeFM.Core.Caching;
using EdgeFM.Core.Models;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Catalog;

namespace EdgeFM.Gateway.Planning;

public sealed partial class RequestPlanner
{
    /// <summary>
    /// The edge model that completes NetGPT prompts: <c>--netgpt-edge-model</c> (a model or a LoRA adapter
    /// <c>base:adapter</c>, checked when the gateway starts), else the smallest model of the directory (by the bytes it
    /// occupies loaded; the first in catalog order on a tie).
    /// </summary>
    public string NetGptEdgeModel =>
        _options.NetGptEdgeModel ?? _catalog.Models.MinBy(m => _cache.BytesOf(m.Id))?.Id ?? string.Empty;

    /// <summary>
    /// The edge model that completes <paramref name="request"/>'s prompt: <see cref="NetGptEdgeModel"/>, or, with
    /// <c>edgefm.adapter</c>, that adapter over its base model. Throws <see cref="ApiException"/> (404 naming
    /// <c>edgefm.adapter</c>, with the adapters there are) when the base model has no such adapter.
    /// </summary>
    internal string NetGptEdgeModelFor(in PlanRequest request)
    {
        var configured = NetGptEdgeModel;
        if (request.EdgeAdapter is not { } name)
        {
            return configured;
        }

        var baseId = AdapterOf(configured)?.BaseId ?? configured;
        var id = $"{baseId}{AdapterEntry.Separator}{name}";
        if (_catalog.TryGetAdapter(id, out _))
        {
            return id;
        }

        var known = _catalog.Adapters.Where(a => string.Equals(a.BaseId, baseId, StringComparison.Ordinal)).Select(a => a.Name).ToList();
        throw ApiException.NotFound(
            $"'edgefm.adapter' is '{name}', but the NetGPT edge model '{baseId}' has no adapter '{id}'; its adapters: {(known.Count == 0 ? "none" : string.Join(", ", known))} (GET /v1/models lists them).",
            "edgefm.adapter");
    }

    /// <summary>
    /// Plans a NetGPT request: a <see cref="StageRole.Complete"/> stage on the request's NetGPT edge model
    /// (<see cref="NetGptEdgeModelFor"/>; an adapter is planned as its base model with the adapter's bytes on top, as any
    /// adapter request; served or loaded as the cache policy decides for it; the raw prompt never leaves the edge, so
    /// this stage has no cloud fallback), then the <see cref="StageRole.Answer"/> stage: the request's model as any
    /// request for it is planned when this edge has it; else the cloud, falling back to the edge model; and the edge
    /// model itself when there is no cloud (or its circuit is open), so a NetGPT request is answered even without a cloud.
    /// </summary>
    private ServingPlan PlanNetGpt(in PlanRequest request, bool firstAttempt)
    {
        var edgeModel = NetGptEdgeModelFor(request);
        var adapter = AdapterOf(edgeModel);
        var model = adapter?.BaseId ?? edgeModel;
        if (!_catalog.TryGet(model, out _))
        {
            return new ServingPlan([], $"the NetGPT edge model '{edgeModel}' is not a model of this edge (--netgpt-edge-model)", _policy.Name);
        }

        if ((_cache.FailureOf(model) ?? AdapterFailure(adapter)) is { } failure)
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
            decision = Decide(model, time, request.Topic, residency, request.Context, out evictions, AdapterBytes(adapter));
            if (firstAttempt)
            {
                _ledger.RecordRequest(model, time, request.Topic);
                _trace?.Record(time, request.User, model, request.PromptTokens, request.OutputTokens, request.Topic);
            }
        }

        var complete = decision.Action switch
        {
            CacheAction.ServeAtEdge => Destination.Edge(model),
            CacheAction.LoadAndServe => Destination.EdgeLoad(model, evictions),
            _ => null,
        };
        var declined = $"the {_policy.Name} policy would not load the NetGPT edge model '{edgeModel}' now";
        if (complete is not null && adapter is not null)
        {
            complete = WithAdapter(complete, adapter, residency);
            declined = $"no room for the NetGPT edge model's adapter '{adapter.Id}' beside busy models";
        }

        if (complete is null)
        {
            return new ServingPlan([], declined, _policy.Name, MayWaitForRoom: MayChange(residency, null));
        }

        var (answer, reason) = PlanNetGptAnswer(request, edgeModel, firstAttempt);
        return new ServingPlan([new PlanStage(StageRole.Complete, complete, null), answer], $"NetGPT: completed at the edge; {reason}", _policy.Name);
    }

    /// <summary>
    /// Plans the answer stage of a NetGPT request whose prompt is complete: the request's own model as a plain
    /// request, or the cloud, or <paramref name="edgeModel"/> (the model or adapter that completed it). Counted and
    /// traced as a request of its model only on the first attempt.
    /// </summary>
    internal (PlanStage Stage, string Reason) PlanNetGptAnswer(in PlanRequest request, string edgeModel, bool firstAttempt)
    {
        var edge = EdgeDestinationOf(edgeModel);
        if (_catalog.TryGet(request.Model, out _) || _catalog.TryGetAdapter(request.Model, out _))
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

    /// <summary>
    /// The edge destination of a model that was just loaded for the completion stage: the model, or an adapter's base
    /// with the adapter's step (a load only if the adapter was evicted since; the cache then plans room or conflicts).
    /// </summary>
    private Destination EdgeDestinationOf(string id) => AdapterOf(id) is { } adapter
        ? Destination.Edge(adapter.BaseId) with
        {
            Adapter = new AdapterStep(adapter.Id, Load: _cache.Describe(adapter.Id).State is not (Cache.ModelState.Loaded or Cache.ModelState.Loading), []),
        }
        : Destination.Edge(id);
}
