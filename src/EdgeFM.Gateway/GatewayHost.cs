using EdgeFM.Core.Caching;
using EdgeFM.Core.Caching.Policies;
using EdgeFM.Core.Cluster;
using EdgeFM.Core.Context;
using EdgeFM.Gateway.Admission;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Catalog;
using EdgeFM.Gateway.Cloud;
using EdgeFM.Gateway.Cluster;
using EdgeFM.Gateway.Configuration;
using EdgeFM.Gateway.Context;
using EdgeFM.Gateway.Dashboard;
using EdgeFM.Gateway.Execution;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Pipeline;
using EdgeFM.Gateway.Placing;
using EdgeFM.Gateway.Planning;
using EdgeFM.Gateway.Tracing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeFM.Gateway;

/// <summary>Builds the gateway's web application from validated options. The CLI's <c>serve</c> command and the tests use it.</summary>
public static class GatewayHost
{
    /// <summary>Builds the app with EdgeFM's own runtime loading the models (see <see cref="LlamaModelLoader"/>).</summary>
    /// <param name="options">Validated settings.</param>
    /// <param name="joinCluster">Makes the host a node of an edge cluster and returns the node's view (docs/cluster.md), or null to stay alone.</param>
    public static WebApplication Build(GatewayOptions options, Func<WebApplicationBuilder, IEdgeCluster>? joinCluster = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var models = Directory.Exists(options.ModelsDirectory) ? TryCountModels(options.ModelsDirectory) : 1;
        var threads = ComputeThreads.Resolve(options.Threads, options.ParallelPerModel, Math.Min(models, options.MaxQueueTotal), Environment.ProcessorCount);
        return Build(options, new LlamaModelLoader(options.ContextLength, threads, options.ParallelPerModel, TimeProvider.System, options.KvCacheType), joinCluster: joinCluster);
    }

    private static string Adapters(ModelDirectory catalog) => catalog.Adapters.Count == 0 ? string.Empty : $" and {catalog.Adapters.Count} LoRA adapters";

    private static int TryCountModels(string directory)
    {
        try
        {
            return Math.Max(1, ModelDirectory.Scan(directory).Models.Count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Build reports the same failure with its setting; here it only means "no sharing to plan for".
            return 1;
        }
    }

    /// <summary>
    /// What a built app serves, for the operator's console: one line, then one line per model that failed to open,
    /// with the reason (the same reason <c>GET /v1/models</c> gives).
    /// </summary>
    public static string Describe(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<GatewayOptions>();
        var cache = app.Services.GetRequiredService<LiveModelCache>();
        var failed = cache.Snapshot().Where(m => m.State == ModelState.Failed).ToList();
        var catalog = app.Services.GetRequiredService<ModelDirectory>();
        var role = options.Role == GatewayRole.Edge ? "edge" : "cloud";
        var cloud = options.CloudUrl is null ? "no cloud" : $"cloud {options.CloudUrl}";
        var auth = options.AuthenticationEnabled ? "API key required" : "no authentication (set --api-key to require one)";
        var failures = failed.Count == 0 ? string.Empty : $" ({failed.Count} failed to open; see GET /v1/models)";
        auth += options.Dashboard ? $", dashboard at {options.Urls.Split(';')[0].TrimEnd('/')}/dashboard" : string.Empty;
        var text = new System.Text.StringBuilder(
            $"edgefm serve: {role} gateway on {options.Urls}: {catalog.Models.Count} models{Adapters(catalog)} in {catalog.Root}{failures}, budget {ByteSize.Format(options.MemoryBudgetBytes)}, policy {options.Policy}, {cloud}, {auth}.");
        foreach (var model in failed)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{Environment.NewLine}edgefm serve: model '{model.Id}' failed to open and is not served: {model.Failure}");
        }

        foreach (var problem in catalog.AdapterProblems)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{Environment.NewLine}edgefm serve: adapter not served: {problem}");
        }

        return text.ToString();
    }

    /// <summary>
    /// Builds the app: scans the models directory, wires the cache, context ledger, planner, executor, cloud link,
    /// queues and endpoints. Throws <see cref="GatewayConfigurationException"/> when the models directory cannot be listed.
    /// </summary>
    /// <param name="options">Validated settings.</param>
    /// <param name="loader">Model loader.</param>
    /// <param name="configure">Last-chance changes to the builder (tests swap in a test server or a cloud transport).</param>
    /// <param name="cloudTransport">HTTP client for the cloud link (tests), or null for the default.</param>
    /// <param name="time">The gateway's clock (tests pass a fake one); null is the system clock.</param>
    /// <param name="observer">Receives every cache policy decision (tests), or null.</param>
    /// <param name="joinCluster">Makes the host a node of an edge cluster and returns the node's view, or null to stay alone.</param>
    public static WebApplication Build(
        GatewayOptions options,
        IModelBackendLoader loader,
        Action<WebApplicationBuilder>? configure = null,
        HttpClient? cloudTransport = null,
        TimeProvider? time = null,
        IDecisionObserver? observer = null,
        Func<WebApplicationBuilder, IEdgeCluster>? joinCluster = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ModelDirectory catalog;
        try
        {
            catalog = ModelDirectory.Scan(options.ModelsDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GatewayConfigurationException($"--models {options.ModelsDirectory}: {ex.Message}");
        }

        CheckNetGptEdgeModel(options, catalog);
        time ??= TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var cluster = joinCluster?.Invoke(builder);
        var parts = Compose(options, catalog, loader, cloudTransport, time, observer, cluster);
        builder.Services.AddSingleton(options).AddSingleton(catalog).AddSingleton(parts.Cache).AddSingleton(parts.Ledger).AddSingleton(parts.Metrics)
            .AddSingleton(parts.Planner).AddSingleton(parts.Admission).AddSingleton(time).AddSingleton(parts.Ledger.Demonstrations).AddSingleton(parts.NetGpt).AddSingleton(parts.Events);
        builder.Services.AddSingleton(services => new PlanExecutor(
            parts.Planner, parts.Cache, parts.Admission, parts.Cloud, parts.Metrics, options.RoomWait, time,
            services.GetRequiredService<ILoggerFactory>().CreateLogger("EdgeFM.Gateway.Planning"), parts.NetGpt, parts.Ledger.Demonstrations)
        {
            Cluster = cluster,
            Peers = cluster is null ? null : new PeerLink(cluster.Node, options.ApiKey, options.CloudTimeout, options.CloudIdleTimeout),
        });
        if (cluster is not null)
        {
            parts.Metrics.OnRender(() =>
            {
                var lookups = cluster.LookupTimes();
                parts.Metrics.ClusterLookups.Set(lookups.Count);
                parts.Metrics.ClusterLookupSeconds.Set(lookups.P50.TotalSeconds, "0.5");
                parts.Metrics.ClusterLookupSeconds.Set(lookups.P99.TotalSeconds, "0.99");
            });
            builder.Services.AddHostedService(_ => new ClusterPublisher(cluster, parts.Cache, parts.Planner, parts.Admission, TimeSpan.FromMilliseconds(500), time));
            if (parts.Planner.PrefetchPeriod is { } period)
            {
                builder.Services.AddHostedService(services => new ClusterPrefetcher(
                    parts.Planner, services.GetRequiredService<PlanExecutor>(), parts.Cache, parts.Events, parts.Metrics, period, time,
                    services.GetRequiredService<ILoggerFactory>().CreateLogger("EdgeFM.Gateway.Cluster")));
            }
        }

        builder.Services.AddSingleton(services => new GenerationEndpoint(
            new RequestParser(options.MaxPromptChars, options.MaxOutputTokens, parts.NetGpt.Locations), parts.Admission, services.GetRequiredService<PlanExecutor>(), parts.Metrics, time, options.MaxBodyBytes,
            services.GetRequiredService<ILoggerFactory>().CreateLogger("EdgeFM.Gateway")));
        if (parts.Resilient is not null)
        {
            builder.Services.AddSingleton(parts.Resilient);
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        if (parts.Trace is not null)
        {
            lifetime.ApplicationStopped.Register(() => parts.Trace.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }

        // Writes what is still queued, so a clean stop loses no demonstration.
        lifetime.ApplicationStopped.Register(() => parts.Ledger.Demonstrations.DisposeAsync().AsTask().GetAwaiter().GetResult());

        var sessions = new DashboardSessions(options.ApiKey ?? string.Empty, time);
        app.UseMiddleware<ApiKeyMiddleware>(options.ApiKey ?? string.Empty, options.Dashboard ? context => DashboardEndpoints.AdmitsWithoutKey(context, sessions) : (Func<HttpContext, bool>)(_ => false));
        GatewayEndpoints.Map(app, options, catalog, parts.Cache, parts.Planner, app.Services.GetRequiredService<PlanExecutor>(), app.Services.GetRequiredService<GenerationEndpoint>(), parts.Metrics);
        if (cluster is not null)
        {
            ClusterEndpoints.Map(app, cluster, parts.Cache, parts.Planner, parts.Admission);
        }

        ContextEndpoints.Map(app, catalog, parts.Ledger.Demonstrations);
        var stats = new DashboardStats(options, parts.Cache, parts.Planner, parts.Ledger, parts.Metrics, parts.Events, parts.Resilient, time);
        DashboardEndpoints.Map(app, options, stats, parts.Events, sessions, time);
        return app;
    }

    /// <summary>
    /// A <c>--netgpt-edge-model</c> that names neither a model nor a LoRA adapter (<c>base:adapter</c>) of the models
    /// directory stops the start with the ids there are: every NetGPT request would fail otherwise.
    /// </summary>
    private static void CheckNetGptEdgeModel(GatewayOptions options, ModelDirectory catalog)
    {
        if (options.NetGptEdgeModel is not { } id || catalog.TryGet(id, out _) || catalog.TryGetAdapter(id, out _))
        {
            return;
        }

        var ids = catalog.Models.Select(m => m.Id).Concat(catalog.Adapters.Select(a => a.Id)).ToList();
        throw new GatewayConfigurationException(
            $"--netgpt-edge-model {id}: no model or LoRA adapter of --models {catalog.Root} has that id; available: {(ids.Count == 0 ? "none" : string.Join(", ", ids))} (adapters as base:adapter).");
    }

    private static Parts Compose(GatewayOptions options, ModelDirectory catalog, IModelBackendLoader loader, HttpClient? cloudTransport, TimeProvider time, IDecisionObserver? observer, IEdgeCluster? cluster)
    {
        var metrics = new GatewayMetrics();
        var rates = new ServiceRates(options.Placement.CloudLatencySeconds);
        var locations = Personalization.EdgeData.OpenLocations(options, time);
        LiveDemonstrations demonstrations;
        try
        {
            demonstrations = new LiveDemonstrations(options.ContextDbPath, TimeSpan.FromSeconds(options.WindowSeconds), options.ContextCapacity, time, options.OtherUserAffinity);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            throw new GatewayConfigurationException($"--context-db {options.ContextDbPath}: {ex.Message}");
        }

        var ledger = new ContextLedger(AgeOfContext.CreateDefault(options.WindowSeconds, options.TopicSharpness), options.ContextCapacity, demonstrations, time);
        var netGpt = new Personalization.NetGptStage(locations, demonstrations, options.Demonstrations);
        var pipeline = new ServingPipeline(metrics, rates, ledger, time, options.Demonstrations, options.DemonstrationTokens);
        var cooperative = cluster is not null && options.Cluster.Cooperative;
        var events = new GatewayEventLog(cooperative ? CooperativePolicyNames.Of(options.Policy) : options.Policy, time);
        var cache = new LiveModelCache(catalog, loader, options.MemoryBudgetBytes, metrics, time, rates, ContextLost, pipeline.ForEdge, events);
        AdapterRegistration.Register(cache, catalog, loader);
        var admission = new AdmissionController(options.MaxQueueTotal, options.MaxQueuePerModel, options.ParallelPerModel, metrics, options.MaxCloudInFlight);
        ResilientChatClient? resilient = null;
        if (options.CloudUrl is not null)
        {
            var link = CloudLinkSettings.From(options);

            // The SDK's own network limit is only a backstop behind the link's attempt and idle limits.
            var backstop = TimeSpan.FromTicks(Math.Max(link.FirstByteTimeout.Ticks, link.IdleTimeout.Ticks) * 2);
            var client = new OpenAiCloudChatClient(options.CloudUrl, options.CloudApiKey, options.CloudModel, backstop, cloudTransport);
            resilient = new ResilientChatClient(client, link, metrics, time, admission);
        }

        var policies = new CachePolicyFactory(new CachePolicyOptions { NewModelWorth = options.NewModelWorth });
        var specs = new Core.Models.ModelCatalog(catalog.Models.Select(m => new Core.Models.ModelSpec
        {
            Id = new Core.Models.ModelId(m.Id),
            MemoryBytes = Math.Max(1, cache.BytesOf(m.Id)),
            ContextCapacity = options.ContextCapacity,
        }));
        var policy = policies.Create(options.Policy, specs, options.Seed ?? Environment.TickCount);
        EdgeClusterView? view = null;
        if (cooperative && cluster is not null)
        {
            // In a cluster the planner decides with the very cooperative class the simulator runs (docs/cluster.md).
            view = new EdgeClusterView(cluster, specs, id => cache.IsLoaded(id.Value), () => admission.Total, () => rates.EdgeRequestSeconds);
            policy = new CooperativeCachePolicy(policy, specs, view, options.Cluster.Cooperation);
        }

        TraceRecorder? trace = null;
        if (options.TracePath is { } tracePath)
        {
            try
            {
                trace = new TraceRecorder(tracePath, options, specs);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new GatewayConfigurationException($"--trace {tracePath}: {ex.Message}");
            }
        }

        var reasons = new EvictionReasons(events, policy, cache, ledger, observer);
        var planner = new RequestPlanner(options, catalog, cache, ledger, policy, PlacementPolicyFactory.Create(options.Placement), resilient is null ? null : () => resilient.IsAvailable, admission, specs, reasons, trace)
        {
            Cluster = cluster,
            ClusterView = view,
        };
        return new Parts(metrics, ledger, cache, admission, resilient, resilient is null ? null : pipeline.ForCloud(resilient), planner, trace, netGpt, events);

        // An evicted model keeps its stored demonstrations (they are text, put into prompts again once it is back);
        // the context it built while resident no longer counts for the policy (see LiveDemonstrations.Value).
        void ContextLost(string model) => metrics.ContextValue.Remove(model);
    }

    private sealed record Parts(
        GatewayMetrics Metrics,
        ContextLedger Ledger,
        LiveModelCache Cache,
        AdmissionController Admission,
        ResilientChatClient? Resilient,
        Microsoft.Extensions.AI.IChatClient? Cloud,
        RequestPlanner Planner,
        TraceRecorder? Trace,
        Personalization.NetGptStage NetGpt,
        GatewayEventLog Events);
}
