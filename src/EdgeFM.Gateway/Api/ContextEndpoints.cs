using System.Globalization;
using EdgeFM.Core.Models;
using EdgeFM.Gateway.Catalog;
using EdgeFM.Gateway.Context;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EdgeFM.Gateway.Api;

/// <summary>
/// <c>GET /v1/edge/context/{model}</c>: a model's committed demonstrations (count, total value = Σ freshness, the newest
/// examples with their scores) and <c>DELETE /v1/edge/context/{model}</c>: deletes them all (after what is queued). 404
/// for a model not in the directory. Behind the API key like every other endpoint.
/// </summary>
internal static class ContextEndpoints
{
    public static void Map(WebApplication app, ModelDirectory catalog, LiveDemonstrations demonstrations)
    {
        app.MapGet("/v1/edge/context/{model}", (HttpContext context, string model) => GetAsync(context, catalog, demonstrations, model));
        app.MapDelete("/v1/edge/context/{model}", (HttpContext context, string model) => DeleteAsync(context, catalog, demonstrations, model));
    }

    private static async Task GetAsync(HttpContext context, ModelDirectory catalog, LiveDemonstrations demonstrations, string model)
    {
        if (!catalog.TryGet(model, out _))
        {
            await OpenAiWire.WriteErrorAsync(context, ApiException.ModelNotFound(model)).ConfigureAwait(false);
            return;
        }

        var snapshot = demonstrations.Context.Snapshot(new ModelId(model));
        await GatewayEndpoints.WriteJsonAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("object", "edge.context");
            writer.WriteString("model", model);
            writer.WriteNumber("count", snapshot.Count);
            writer.WriteNumber("total_value", snapshot.TotalValue);
            writer.WriteStartArray("examples");
            foreach (var example in snapshot.Examples)
            {
                var d = example.Demonstration;
                writer.WriteStartObject();
                writer.WriteNumber("id", d.Id);
                writer.WriteString("user", d.User.Value);
                writer.WriteBoolean("shareable", d.Shareable);
                writer.WriteString("time", d.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                writer.WriteString("prompt", d.Prompt);
                writer.WriteString("response", d.Response);
                writer.WriteNumber("freshness", example.Freshness);
                writer.WriteNumber("score", example.Score);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task DeleteAsync(HttpContext context, ModelDirectory catalog, LiveDemonstrations demonstrations, string model)
    {
        if (!catalog.TryGet(model, out _))
        {
            await OpenAiWire.WriteErrorAsync(context, ApiException.ModelNotFound(model)).ConfigureAwait(false);
            return;
        }

        var deleted = await demonstrations.Context.ClearAsync(new ModelId(model), context.RequestAborted).ConfigureAwait(false);
        await GatewayEndpoints.WriteJsonAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("object", "edge.context.deleted");
            writer.WriteString("model", model);
            writer.WriteNumber("deleted", deleted);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
