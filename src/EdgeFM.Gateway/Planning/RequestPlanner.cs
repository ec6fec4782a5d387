using EdgeFM.Core.Caching;
using EdgeFM.Core.Models;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.Gateway.Admission;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Catalog;
using EdgeFM.Gateway.Configuration;
using EdgeFM.Gateway.Context;
using EdgeFM.Gateway.Placing;
using EdgeFM.Gateway.Tracing;

namespace EdgeFM.Gateway.Planning;

/// <summary>
/// Decides how each request is served, once, from the gateway's state: the cache's residency, the context ledger
/// (through the same <see cref="ICacheView"/>/<see cref="IDemandView"/> the simulator offers), Core's cost model (the
/// placement policy) and the cloud link's health. First the cache policy — the very class the simulator runs — says
/// serve, load (evicting whom) or leave to the cloud; a model the policy leaves to the cloud goes there, or, with no
/// cloud, nowhere (503): there is no hidden fallback policy. Then, when the edge may serve and the cloud is up, the
/// placement policy weighs the two; the loser becomes the stage's fallback. Decisions are serialized (policies such as
/// Random keep state), and each request is counted in the ledger once, after its first decision, as in the simulator.
/// </summary>
public sealed partial class RequestPlanner
{
    /// <summary>The query of a decision without a request (an operator's load, an eviction's explanation): anonymous and unspecific.</summary>
    internal static readonly DemonstrationRequest AnyUser = new(UserId.Anonymous, string.Empty);

    private readonly Lock _gate = new();
    private readonly List<ModelId> _evictions = [];
    private readonly GatewayOptions _options;
    private readonly ModelDirectory _catalog;
    private readonly LiveModelCache _cache;
    private readonly ContextLedger _ledger;
    private readonly ICachePolicy _policy;
    private readonly IPlacementPolicy _placement;
    private readonly Func<bool>? _cloudAvailable;
    private readonly AdmissionController _admission;
    private readonly IDecisionObserver? _observer;
    private readonly ITraceSink? _trace;
    private readonly ModelCatalog _specs;

    /// <summary>Creates the planner.</summary>
    /// <param name="options">The gateway's settings.</param>
    /// <param name="catalog">This edge's models.</param>
    /// <param name="cache">The live cache (residency, failures).</param>
    /// <param name="ledger">Request counts, demonstrations and demand.</param>
    /// <param name="policy">The cache policy (from <see cref="CachePolicyFactory"/>).</param>
    /// <param name="placement">The placement policy.</param>
    /// <param name="cloudAvailable">Whether the cloud link may be tried now (its circuit is not open); null when there is no cloud.</param>
    /// <param name="admission">Queue depths, for the placement policy's queueing estimate.</param>
    /// <param name="specs">The models as the cache policy knows them, in catalog order (the catalog the policy was created with).</param>
    /// <param name="observer">Receives each cache policy decision, or null.</param>
    /// <param name="trace">Receives each planned request, or null.</param>
    public RequestPlanner(
        GatewayOptions options,
        ModelDirectory catalog,
        LiveModelCache cache,
        ContextLedger ledger,
        ICachePolicy policy,
        IPlacementPolicy placement,
        Func<bool>? cloudAvailable,
        AdmissionController admission,
        ModelCatalog specs,
        IDecisionObserver? observer = null,
        ITraceSink? trace = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _placement = placement ?? throw new ArgumentNullException(nameof(placement));
        _admission = admission ?? throw new ArgumentNullException(nameof(admission));
        _cloudAvailable = options.Role == GatewayRole.Edge ? cloudAvailable : null;
        _observer = observer;
        _trace = trace;
        _specs = specs ?? throw new ArgumentNullException(nameof(specs));
    }

    /// <summary>The cache policy's name.</summary>
    public string PolicyName => _policy.Name;

    /// <summary>
    /// Plans <paramref name="request"/> with this edge and the cloud only (see <see cref="Plan"/>, which adds peers).
    /// <paramref name="firstAttempt"/> is true the first time a request is planned (it is then counted and traced);
    /// re-plans after a conflict pass false. Throws <see cref="ApiException"/> (404) for a model neither this edge nor a cloud has.
    /// </summary>
    private ServingPlan PlanHere(in PlanRequest request, bool firstAttempt) =>
        request.Personalize ? PlanNetGpt(request, firstAttempt) : PlanAnswer(request, firstAttempt);

    private ServingPlan PlanAnswer(in PlanRequest request, bool firstAttempt)
    {
        var cloudConfigured = _cloudAvailable is not null;

        // An adapter is planned as its base model (the policy's unit) with the adapter's bytes on top.
        var adapter = AdapterOf(request.Model);
        var model = adapter?.BaseId ?? request.Model;
        if (!_catalog.TryGet(model, out _))
        {
            return cloudConfigured
                ? Single(Destination.Cloud(request.Model), null, "model not on this edge")
                : throw ApiException.ModelNotFound(request.Model);
        }

        var cloudUp = cloudConfigured && _cloudAvailable!();
        if ((_cache.FailureOf(model) ?? AdapterFailure(adapter)) is { } failure)
        {
            return cloudUp
                ? Single(Destination.Cloud(request.Model), null, "edge model failed to load: " + failure)
                : new ServingPlan([], $"model '{request.Model}' cannot be loaded here: {failure}", _policy.Name);
        }

        CacheDecision decision;
        IReadOnlyList<ModelId> evictions;
        ResidencySnapshot residency;
        double time;
        lock (_gate)
        {
            time = _ledger.Now;
            residency = _cache.Residency();
            decision = Decide(model, time, request.Topic, residency, request.Context, out evictions, AdapterBytes(adapter));
            if (firstAttempt)
            {
                _ledger.RecordRequest(model, time, request.Topic);
                _trace?.Record(time, request.User, model, request.PromptTokens, request.OutputTokens, request.Topic);
            }
        }

        var prefetch = decision is { Action: CacheAction.CloudAndPlace, Placement: { } placed } ? new PrefetchOrder(placed.Id.Value, evictions) : null;
        var edge = decision.Action switch
        {
            CacheAction.ServeAtEdge => Destination.Edge(model),
            CacheAction.LoadAndServe => Destination.EdgeLoad(model, evictions),
            _ => null,
        };
        var declined = $"{_policy.Name} policy sent it to the cloud";
        if (edge is not null && adapter is not null)
        {
            edge = WithAdapter(edge, adapter, residency);
            declined = $"no room for adapter '{adapter.Id}' beside busy models";
        }

        if (edge is null)
        {
            return cloudUp
                ? Single(Destination.Cloud(request.Model), null, declined, prefetch)
                : new ServingPlan([], declined + (cloudConfigured ? ", whose circuit is open" : ", and this gateway has no cloud"), _policy.Name, prefetch, MayChange(residency, prefetch));
        }

        if (!cloudUp)
        {
            return Single(edge, null, !cloudConfigured ? (edge.Load ? "loaded on demand" : "edge model") : "cloud unavailable", prefetch);
        }

        var placement = _placement.Decide(Situation(request with { Model = model }, edge, residency, time));
        return placement.Target == Placement.Cloud
            ? Single(Destination.Cloud(request.Model), edge, placement.Reason, prefetch)
            : Single(edge, Destination.Cloud(request.Model), placement.Reason, prefetch);
    }

    /// <summary>
    /// Plans an operator's load of <paramref name="model"/>: the cache policy says which models to evict, or declines
    /// (then the plan has no stage and says why). Not counted as a request.
    /// </summary>
    public ServingPlan PlanLoad(string model)
    {
        if (_cache.FailureOf(model) is { } failure)
        {
            return new ServingPlan([], $"model '{model}' cannot be loaded: {failure}", _policy.Name);
        }

        lock (_gate)
        {
            var residency = _cache.Residency();
            var decision = Decide(model, _ledger.Now, topic: 0, residency, query: null, out var evictions);
            return decision.Action switch
            {
                CacheAction.ServeAtEdge => Single(Destination.Edge(model), null, "already loaded"),
                CacheAction.LoadAndServe => Single(Destination.EdgeLoad(model, evictions), null, "operator load"),
                _ => new ServingPlan([], $"the {_policy.Name} policy would not evict a loaded model for '{model}'; unload one first (POST /v1/edge/models/{{id}}/unload)", _policy.Name),
            };
        }
    }

    /// <summary>The Age-of-Context value of <paramref name="model"/>'s demonstrations now, on its latest topic.</summary>
    public double ContextValueOf(string model) => _ledger.CurrentContextValue(model);

    /// <summary>Demonstrations <paramref name="model"/> holds now.</summary>
    public int DemonstrationsOf(string model) => _ledger.DemonstrationCount(model);

    /// <summary>
    /// True when a model is busy (leased, loading or pinned), so the policy may decide otherwise once the cache
    /// changes; the model this very plan prefetches does not count: its load would only wake the request to the
    /// same answer.
    /// </summary>
    private static bool MayChange(ResidencySnapshot residency, PrefetchOrder? prefetch) =>
        residency.Resident.Any(r => !r.Evictable && !string.Equals(r.Id, prefetch?.Model, StringComparison.Ordinal));

    private ServingPlan Single(Destination primary, Destination? fallback, string reason, PrefetchOrder? prefetch = null) =>
        new([new PlanStage(StageRole.Answer, primary, fallback)], reason, _policy.Name, prefetch);

    /// <summary>Asks the cache policy; called under the planner's lock.</summary>
    private CacheDecision Decide(string model, double time, double topic, ResidencySnapshot residency, DemonstrationRequest? query, out IReadOnlyList<ModelId> evictions, long extraBytes = 0)
    {
        var spec = _specs[_specs.OrdinalOf(new ModelId(model))] with { MemoryBytes = Math.Max(1, _cache.BytesOf(model) + extraBytes) };
        var request = new CacheRequest(spec, time, topic);
        _evictions.Clear();
        ClusterView?.Refresh();
        var decision = _policy.Decide(request, new PolicyView(residency, _ledger, query ?? AnyUser), _evictions);
        _observer?.OnDecision(request, decision, _evictions);
        evictions = [.. _evictions];
        return decision;
    }

    private PlacementSituation Situation(PlanRequest request, Destination edge, ResidencySnapshot residency, double time)
    {
        var (prefill, decode) = _cache.Rates.TokenSeconds(request.Model);
        var cached = residency.Resident.Any(r => string.Equals(r.Id, request.Model, StringComparison.Ordinal));
        return new PlacementSituation
        {
            Model = new ModelId(request.Model),
            Cached = cached,
            LoadSeconds = edge.Load ? _cache.Rates.LoadSeconds(request.Model, _cache.BytesOf(request.Model)) : 0,
            QueueAhead = _admission.Queued(request.Model),
            Parallel = _options.ParallelPerModel,
            PromptTokens = request.PromptTokens,
            OutputTokens = request.OutputTokens,
            ContextLength = _options.ContextLength,
            PrefillSecondsPerToken = prefill,
            DecodeSecondsPerToken = decode,
            ContextValue = residency.Resident.FirstOrDefault(r => string.Equals(r.Id, request.Model, StringComparison.Ordinal)) is { Id: not null } resident
                ? _ledger.ContextValue(request.Model, request.Context ?? AnyUser, resident.LoadStartedAt)
                : 0,
            PayloadBytes = request.PayloadBytes,
            CloudAvailable = true,
            CloudLatencySeconds = _cache.Rates.CloudSeconds,
        };
    }
}
