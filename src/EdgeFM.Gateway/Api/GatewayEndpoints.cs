using System.Text.Json;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Catalog;
using EdgeFM.Gateway.Configuration;
using EdgeFM.Gateway.Execution;
using EdgeFM.Gateway.Planning;
using EdgeFM.Gateway.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeFM.Gateway.Api;

/// <summary>Maps every HTTP endpoint of the gateway.</summary>
internal static class GatewayEndpoints
{
    public static void Map(WebApplication app, GatewayOptions options, ModelDirectory catalog, LiveModelCache cache, RequestPlanner planner, PlanExecutor executor, GenerationEndpoint generation, GatewayMetrics metrics)
    {
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        app.MapPost("/v1/chat/completions", (HttpContext context) => generation.HandleAsync(context, EndpointKind.Chat));
        app.MapPost("/v1/completions", (HttpContext context) => generation.HandleAsync(context, EndpointKind.Completion));
        app.MapGet("/v1/models", (HttpContext context) => WriteJsonAsync(context, StatusCodes.Status200OK, writer => WriteModels(writer, catalog, cache)));
        app.MapGet("/v1/edge/cache", (HttpContext context) => WriteJsonAsync(context, StatusCodes.Status200OK, writer => WriteCache(writer, options, cache, planner)));
        app.MapPost("/v1/edge/models/{id}/{action}", (HttpContext context, string id, string action) => AdminAsync(context, cache, executor, catalog, id, action));
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", () => lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested
            ? Results.Text("ready\n")
            : Results.Text("not ready\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/metrics", () => Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"));
        app.MapFallback((HttpContext context) => OpenAiWire.WriteErrorAsync(context, new ApiException(
            StatusCodes.Status404NotFound, "invalid_request_error", "unknown_url", null, $"Unknown request URL: {context.Request.Method} {context.Request.Path}.")));
    }

    private static async Task AdminAsync(HttpContext context, LiveModelCache cache, PlanExecutor executor, ModelDirectory catalog, string id, string action)
    {
        if (!catalog.TryGet(id, out _))
        {
            await OpenAiWire.WriteErrorAsync(context, ApiException.ModelNotFound(id)).ConfigureAwait(false);
            return;
        }

        string? refusal;
        try
        {
            refusal = action switch
            {
                "load" => await executor.LoadAsync(id, context.RequestAborted).ConfigureAwait(false),
                "pin" => await PinAsync(cache, executor, id, context.RequestAborted).ConfigureAwait(false),
                "unload" => cache.Unload(id),
                "unpin" => Unpinned(cache, id),
                _ => throw new ApiException(StatusCodes.Status404NotFound, "invalid_request_error", "unknown_url", null, $"Unknown action '{action}'; use load, unload, pin or unpin."),
            };
        }
        catch (ApiException ex)
        {
            await OpenAiWire.WriteErrorAsync(context, ex).ConfigureAwait(false);
            return;
        }

        if (refusal is not null)
        {
            await OpenAiWire.WriteErrorAsync(context, new ApiException(StatusCodes.Status409Conflict, "invalid_request_error", "conflict", null, refusal)).ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK, writer => WriteCachedModel(writer, cache.Describe(id), null)).ConfigureAwait(false);
    }

    private static string? Unpinned(LiveModelCache cache, string id)
    {
        cache.Unpin(id);
        return null;
    }

    /// <summary>Loads the model (evicting what the policy chooses) and pins it; a model unloaded in between is loaded again.</summary>
    private static async Task<string?> PinAsync(LiveModelCache cache, PlanExecutor executor, string id, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await executor.LoadAsync(id, cancellationToken).ConfigureAwait(false) is { } refusal)
            {
                return refusal;
            }

            if (cache.Pin(id))
            {
                return null;
            }
        }

        return $"Model '{id}' was unloaded each time it loaded; retry.";
    }

    /// <summary>Writes one JSON body with <paramref name="status"/>.</summary>
    internal static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        write(writer);
        await writer.FlushAsync().ConfigureAwait(false);
    }

    private static void WriteModels(Utf8JsonWriter writer, ModelDirectory catalog, LiveModelCache cache)
    {
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (var info in cache.Snapshot())
        {
            var entry = catalog.TryGet(info.Id, out var model) ? model : catalog.TryGetAdapter(info.Id, out var file) ? file.ToModelEntry() : null;
            writer.WriteStartObject();
            writer.WriteString("id", info.Id);
            writer.WriteString("object", "model");
            writer.WriteNumber("created", entry is not null ? new DateTimeOffset(File.GetLastWriteTimeUtc(entry.Path)).ToUnixTimeSeconds() : 0);
            writer.WriteString("owned_by", "edgefm");
            writer.WriteString("state", StateName(info.State));
            writer.WriteNumber("size_bytes", info.Bytes);
            writer.WriteBoolean("pinned", info.Pinned);
            if (entry is not null)
            {
                writer.WriteNumber("file_bytes", entry.FileBytes);
                writer.WriteString("format", entry.Format == ModelFormat.Gguf ? "gguf" : "llama2c");
            }

            if (info.Parent is not null)
            {
                writer.WriteString("parent", info.Parent);
            }

            if (catalog.TryGetAdapter(info.Id, out var adapter))
            {
                WriteAdapter(writer, adapter);
            }

            if (info.Failure is not null)
            {
                writer.WriteString("failure", info.Failure);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteAdapter(Utf8JsonWriter writer, AdapterEntry adapter)
    {
        writer.WriteStartObject("edgefm");
        writer.WriteString("kind", "lora_adapter");
        writer.WriteString("base", adapter.BaseId);
        writer.WriteString("adapter", adapter.Name);
        writer.WriteString("base_from", adapter.BaseSource);
        writer.WriteString("file", Path.GetFileName(adapter.Path));
        writer.WriteEndObject();
    }

    private static void WriteCache(Utf8JsonWriter writer, GatewayOptions options, LiveModelCache cache, RequestPlanner planner)
    {
        var snapshot = cache.Snapshot();
        writer.WriteStartObject();
        writer.WriteString("role", options.Role == GatewayRole.Edge ? "edge" : "cloud");
        writer.WriteString("policy", planner.PolicyName);
        writer.WriteNumber("budget_bytes", cache.BudgetBytes);
        writer.WriteNumber("used_bytes", snapshot.Where(m => m.State is ModelState.Loaded or ModelState.Loading).Sum(m => m.Bytes));
        writer.WriteStartArray("models");
        foreach (var info in snapshot.Where(m => m.State is ModelState.Loaded or ModelState.Loading))
        {
            WriteCachedModel(writer, info, planner);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteCachedModel(Utf8JsonWriter writer, CachedModelInfo info, RequestPlanner? planner)
    {
        writer.WriteStartObject();
        writer.WriteString("id", info.Id);
        writer.WriteString("state", StateName(info.State));
        writer.WriteNumber("bytes", info.Bytes);
        writer.WriteBoolean("pinned", info.Pinned);
        writer.WriteNumber("in_flight", info.InFlight);
        writer.WriteNumber("requests", info.Requests);
        if (planner is not null)
        {
            writer.WriteNumber("context_value", planner.ContextValueOf(info.Id));
            writer.WriteNumber("demonstrations", planner.DemonstrationsOf(info.Id));
        }

        if (info.Parent is not null)
        {
            writer.WriteString("parent", info.Parent);
        }
        WriteTime(writer, "loaded_at", info.LoadedAt);
        WriteTime(writer, "last_use", info.LastUse);
        writer.WriteEndObject();
    }

    internal static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, time.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    internal static string StateName(ModelState state) => state switch
    {
        ModelState.Loaded => "loaded",
        ModelState.Loading => "loading",
        ModelState.Failed => "failed",
        _ => "unloaded",
    };
}
