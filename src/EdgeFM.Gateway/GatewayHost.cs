using EdgeFM.Gateway.Admission;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Catalog;
using EdgeFM.Gateway.Cloud;
using EdgeFM.Gateway.Configuration;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Placing;
using EdgeFM.Gateway.Routing;
using EdgeFM.Inference;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeFM.Gateway;

/// <summary>Builds the gateway's web application from validated options. The CLI's <c>serve</c> command and the tests use it.</summary>
public static class GatewayHost
{
    /// <summary>Builds the app with EdgeFM's own runtime loading the models (see <see cref="LlamaModelLoader"/>).</summary>
    public static WebApplication Build(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var models = Directory.Exists(options.ModelsDirectory) ? TryCountModels(options.ModelsDirectory) : 1;
        var threads = ComputeThreads.Resolve(options.Threads, options.ParallelPerModel, Math.Min(models, options.MaxQueueTotal), Environment.ProcessorCount);
        return Build(options, new LlamaModelLoader(options.ContextLength, threads, options.ParallelPerModel, TimeProvider.System, options.KvCacheType));
    }

    private static int TryCountModels(string directory)
    {
        try
        {
            return ModelDirectory.Scan(directory).Models.Count;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // Build reports the same failure with its setting; here it only means "no sharing to plan for".
            return 1;
        }
    }

    /// <summary>One line describing what a built app serves, for the operator's console.</summary>
    public static string Describe(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<GatewayOptions>();
        var catalog = app.Services.GetRequiredService<ModelDirectory>();
        var role = options.Role == GatewayRole.Edge ? "edge" : "cloud";
        var cloud = options.CloudUrl is null ? "no cloud" : $"cloud {options.CloudUrl}";
        var auth = options.AuthenticationEnabled ? "API key required" : "no authentication (set --api-key to require one)";
        return $"edgefm serve: {role} gateway on {options.Urls}: {catalog.Models.Count} models in {catalog.Root}, budget {ByteSize.Format(options.MemoryBudgetBytes)}, policy {options.Policy}, {cloud}, {auth}.";
    }

    /// <summary>
    /// Builds the app: scans the models directory, wires cache, policy, cloud link, queues and endpoints.
    /// Throws <see cref="GatewayConfigurationException"/> when the models directory cannot be used.
    /// </summary>
    /// <param name="options">Validated settings.</param>
    /// <param name="loader">Model loader.</param>
    /// <param name="configure">Last-chance changes to the builder (tests swap in a test server or a cloud transport).</param>
    /// <param name="cloudTransport">HTTP client for the cloud link (tests), or null for the default.</param>
    public static WebApplication Build(GatewayOptions options, IModelBackendLoader loader, Action<WebApplicationBuilder>? configure = null, HttpClient? cloudTransport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ModelDirectory catalog;
        try
        {
            catalog = ModelDirectory.Scan(options.ModelsDirectory);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new GatewayConfigurationException($"--models {options.ModelsDirectory}: {ex.Message}");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var time = TimeProvider.System;
        var metrics = new GatewayMetrics();
        var policy = new CachePolicySettings
        {
            Policy = options.Policy,
            Seed = options.Seed ?? Environment.TickCount,
            ContextWindow = options.ContextWindow,
            RoomWait = options.RoomWait,
            TopicSharpness = options.TopicSharpness,
        };
        ModelCache cache;
        try
        {
            cache = new ModelCache(catalog, loader, policy, options.MemoryBudgetBytes, metrics, time, new ServiceRates(options.Placement.CloudLatencySeconds));
        }
        catch (ModelFileException ex)
        {
            throw new GatewayConfigurationException($"--models {options.ModelsDirectory}: {ex.Message}");
        }

        var admission = new AdmissionController(options.MaxQueueTotal, options.MaxQueuePerModel, options.ParallelPerModel, metrics, options.MaxCloudInFlight);
        ResilientChatClient? cloud = null;
        if (options.CloudUrl is not null)
        {
            var link = CloudLinkSettings.From(options);

            // The SDK's own network limit is only a backstop behind the link's attempt and idle limits.
            var backstop = TimeSpan.FromTicks(Math.Max(link.FirstByteTimeout.Ticks, link.IdleTimeout.Ticks) * 2);
            var client = new OpenAiCloudChatClient(options.CloudUrl, options.CloudApiKey, options.CloudModel, backstop, cloudTransport);
            cloud = new ResilientChatClient(client, link, metrics, time, admission);
        }

        var router = new GenerationRouter(options, catalog, cache, admission, cloud, PlacementPolicyFactory.Create(options.Placement), metrics);
        builder.Services.AddSingleton(options).AddSingleton(catalog).AddSingleton(cache).AddSingleton(metrics).AddSingleton(router).AddSingleton(admission);
        builder.Services.AddSingleton(services => new GenerationEndpoint(
            new RequestParser(options.MaxPromptChars, options.MaxOutputTokens), admission, router, metrics, time, options.MaxBodyBytes,
            services.GetRequiredService<ILoggerFactory>().CreateLogger("EdgeFM.Gateway")));
        if (cloud is not null)
        {
            builder.Services.AddSingleton(cloud);
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseMiddleware<ApiKeyMiddleware>(options.ApiKey ?? string.Empty);
        GatewayEndpoints.Map(app, options, catalog, cache, app.Services.GetRequiredService<GenerationEndpoint>(), metrics);
        return app;
    }
}
