using System.Text;

namespace EdgeFM.Gateway.Metrics;

/// <summary>
/// Every metric the gateway exposes on <c>/metrics</c>, in the Prometheus text exposition format (version 0.0.4).
/// Durations are in seconds, sizes in bytes.
/// </summary>
public sealed class GatewayMetrics
{
    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly List<MetricFamily> _families = [];
    private readonly List<Action> _collectors = [];

    public GatewayMetrics()
    {
        Requests = Add("edgefm_requests_total", "Requests answered, by endpoint, placement (edge, cloud, none) and HTTP status.", MetricKind.Counter, "endpoint", "placement", "status");
        CacheHits = Add("edgefm_cache_hits_total", "Edge requests whose model was already loaded.", MetricKind.Counter);
        CacheMisses = Add("edgefm_cache_misses_total", "Edge requests whose model was not loaded (loaded on demand or sent to the cloud).", MetricKind.Counter);
        Loads = Add("edgefm_model_loads_total", "Model loads, by model and result (ok, failed).", MetricKind.Counter, "model", "result");
        Evictions = Add("edgefm_model_evictions_total", "Models unloaded by the cache, by model and reason (policy: evicted for another model; file changed; base model evicted; operator).", MetricKind.Counter, "model", "reason");
        Unloads = Add("edgefm_model_unloads_total", "Models unloaded on an operator's request, by model.", MetricKind.Counter, "model");
        LoadSeconds = Add("edgefm_model_load_seconds", "Time to load a model into memory.", MetricKind.Histogram, LatencyBuckets, "model");
        BytesInUse = Add("edgefm_cache_bytes_in_use", "Bytes reserved by loaded and loading models.", MetricKind.Gauge);
        BudgetBytes = Add("edgefm_cache_budget_bytes", "The memory budget of the model cache.", MetricKind.Gauge);
        LoadedModels = Add("edgefm_cache_loaded_models", "Models loaded now.", MetricKind.Gauge);
        ContextValue = Add("edgefm_model_context_value", "Age-of-Context-weighted value of a loaded model's demonstrations.", MetricKind.Gauge, "model");
        GeneratedTokens = Add("edgefm_generated_tokens_total", "Completion tokens returned, by placement.", MetricKind.Counter, "placement");
        PromptTokens = Add("edgefm_prompt_tokens_total", "Prompt tokens processed, by placement.", MetricKind.Counter, "placement");
        TimeToFirstToken = Add("edgefm_time_to_first_token_seconds", "From request arrival to the first generated token, by placement.", MetricKind.Histogram, LatencyBuckets, "placement");
        RequestSeconds = Add("edgefm_request_duration_seconds", "From request arrival to the last byte of the answer, by placement.", MetricKind.Histogram, LatencyBuckets, "placement");
        QueueDepth = Add("edgefm_queue_depth", "Requests admitted and not yet finished.", MetricKind.Gauge);
        Rejected = Add("edgefm_requests_rejected_total", "Requests refused because a queue was full, by scope (model, total, cloud).", MetricKind.Counter, "scope");
        Prefetches = Add("edgefm_prefetches_total", "Models the cooperative cache policy loaded ahead of their forecast demand (in a cluster), by model and result (ok; conflict: the cache changed, retried next period; failed).", MetricKind.Counter, "model", "result");
        CloudFallbacks = Add("edgefm_cloud_fallbacks_total", "Requests meant for the cloud that an edge model served because the cloud failed.", MetricKind.Counter);
        DemonstrationsDropped = Add("edgefm_demonstrations_dropped_total", "Demonstrations not kept because the store's write queue was full.", MetricKind.Counter);
        CloudCircuitOpen = Add("edgefm_cloud_circuit_open", "1 when the circuit breaker on the cloud link is open.", MetricKind.Gauge);
        ClusterLookups = Add("edgefm_cluster_lookups_total", "Directory lookups of this edge's planner in a cluster (reads of the node's local copy of the directory).", MetricKind.Counter);
        ClusterLookupSeconds = Add("edgefm_cluster_lookup_seconds", "Wall-clock time of one directory lookup in a cluster, by quantile (0.5, 0.99) over the most recent lookups.", MetricKind.Gauge, "quantile");
        CloudAttempts = Add("edgefm_cloud_attempts_total", "Attempts on the cloud link, by result (ok, error, timeout, rejected; stalled: a stream that went silent after its start).", MetricKind.Counter, "result");
    }

    public MetricFamily Requests { get; }

    public MetricFamily CacheHits { get; }

    public MetricFamily CacheMisses { get; }

    public MetricFamily Loads { get; }

    public MetricFamily Evictions { get; }

    public MetricFamily Unloads { get; }

    public MetricFamily LoadSeconds { get; }

    public MetricFamily BytesInUse { get; }

    public MetricFamily BudgetBytes { get; }

    public MetricFamily LoadedModels { get; }

    public MetricFamily ContextValue { get; }

    public MetricFamily GeneratedTokens { get; }

    public MetricFamily PromptTokens { get; }

    public MetricFamily TimeToFirstToken { get; }

    public MetricFamily RequestSeconds { get; }

    public MetricFamily QueueDepth { get; }

    public MetricFamily Rejected { get; }

    public MetricFamily CloudFallbacks { get; }

    /// <summary>Forecast-driven prefetches, by model and result.</summary>
    public MetricFamily Prefetches { get; }

    public MetricFamily DemonstrationsDropped { get; }

    public MetricFamily CloudCircuitOpen { get; }

    public MetricFamily CloudAttempts { get; }

    /// <summary>Directory lookups in a cluster (set at each render from the node's own timing).</summary>
    public MetricFamily ClusterLookups { get; }

    /// <summary>Directory lookup time quantiles in a cluster (set at each render from the node's own timing).</summary>
    public MetricFamily ClusterLookupSeconds { get; }

    /// <summary>Runs <paramref name="collect"/> before each render, for values read from elsewhere when scraped.</summary>
    public void OnRender(Action collect)
    {
        ArgumentNullException.ThrowIfNull(collect);
        lock (_collectors)
        {
            _collectors.Add(collect);
        }
    }

    /// <summary>The latest completed generations with their timings, for live views (not rendered on <c>/metrics</c>).</summary>
    public RecentRequests Recent { get; } = new();

    /// <summary>Renders every family in the Prometheus text format.</summary>
    public string Render()
    {
        lock (_collectors)
        {
            foreach (var collect in _collectors)
            {
                collect();
            }
        }

        var output = new StringBuilder(4096);
        foreach (var family in _families)
        {
            family.WriteTo(output);
        }

        return output.ToString();
    }

    private MetricFamily Add(string name, string help, MetricKind kind, params string[] labels) => Add(name, help, kind, null, labels);

    private MetricFamily Add(string name, string help, MetricKind kind, double[]? buckets, params string[] labels)
    {
        var family = new MetricFamily(name, help, kind, labels, buckets);
        _families.Add(family);
        return family;
    }
}
