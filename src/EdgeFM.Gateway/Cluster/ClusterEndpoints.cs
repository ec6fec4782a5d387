using System.Text.Json;
using EdgeFM.Core.Cluster;
using EdgeFM.Core.Models;
using EdgeFM.Gateway.Admission;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Planning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EdgeFM.Gateway.Cluster;

/// <summary>
/// <c>GET /v1/edge/cluster</c>: this node's name and residency now, and the directory as this node last fetched it
/// (every edge with a live entry: endpoint, whether membership sees it alive, its models with state and bytes); how
/// long this node's directory lookups took (<c>lookups</c>: count, p50/p99 in microseconds over the recent ones); and,
/// with the cooperative policy, each model's live copies, cluster-wide decayed requests and Holt forecasts for the next
/// period here and cluster-wide (what keeps a last copy and what gets prefetched).
/// </summary>
internal static class ClusterEndpoints
{
    public static void Map(WebApplication app, IEdgeCluster cluster, LiveModelCache cache, RequestPlanner planner, AdmissionController admission) =>
        app.MapGet("/v1/edge/cluster", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
            writer.WriteStartObject();
            writer.WriteString("node", cluster.Node);
            var lookups = cluster.LookupTimes();
            writer.WriteStartObject("lookups");
            writer.WriteNumber("count", lookups.Count);
            writer.WriteNumber("sampled", lookups.Sampled);
            writer.WriteNumber("p50_us", lookups.P50.TotalMicroseconds);
            writer.WriteNumber("p99_us", lookups.P99.TotalMicroseconds);
            writer.WriteEndObject();
            writer.WritePropertyName("self");
            WriteResidency(writer, ClusterPublisher.Residency(cache, planner, admission));
            writer.WriteStartArray("members");
            foreach (var member in cluster.Members())
            {
                writer.WriteStartObject();
                writer.WriteString("node", member.Node);
                writer.WriteString("endpoint", member.Endpoint.ToString());
                writer.WriteBoolean("alive", member.Alive);
                writer.WritePropertyName("residency");
                WriteResidency(writer, member.Residency);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("demand");
            foreach (var (model, here, total) in planner.Forecasts())
            {
                var id = new ModelId(model);
                writer.WriteStartObject();
                writer.WriteString("id", model);
                writer.WriteNumber("copies", cluster.Copies(id));
                writer.WriteNumber("decayed_requests", cluster.Demand(id));
                writer.WriteNumber("forecast_here", here);
                writer.WriteNumber("forecast_cluster", total);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync().ConfigureAwait(false);
        });

    private static void WriteResidency(Utf8JsonWriter writer, NodeResidency residency)
    {
        writer.WriteStartObject();
        writer.WriteNumber("budget_bytes", residency.BudgetBytes);
        writer.WriteNumber("used_bytes", residency.UsedBytes);
        writer.WriteNumber("queue_depth", residency.QueueDepth);
        writer.WriteStartArray("models");
        foreach (var model in residency.Models)
        {
            writer.WriteStartObject();
            writer.WriteString("id", model.Model.Value);
            writer.WriteString("state", model.State == ReplicaState.Loaded ? "loaded" : "loading");
            writer.WriteNumber("bytes", model.Bytes);
            writer.WriteNumber("context_value", model.ContextValue);
            writer.WriteNumber("queue_depth", model.QueueDepth);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
