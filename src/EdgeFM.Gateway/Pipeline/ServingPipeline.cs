using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Context;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Placing;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Pipeline;

/// <summary>
/// Builds the middleware every backend serves through, once: for an edge model when it loads (metrics, then context
/// recording into the live demonstrations, then k demonstrations put into the prompt), for the cloud link when the
/// gateway starts (metrics). Each pipeline ends in
/// <see cref="FactsStrippingChatClient"/>. Requests pass their facts in the options (see <see cref="RequestFacts"/>).
/// </summary>
public sealed class ServingPipeline(GatewayMetrics metrics, ServiceRates rates, ContextLedger ledger, TimeProvider time, int demonstrations = 0, int demonstrationTokens = 0)
{
    /// <summary>The pipeline over a freshly loaded edge model's backend.</summary>
    public ServingClients ForEdge(string modelId, ModelBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var chat = Edge(backend.Client, modelId, backend);
        return new ServingClients(chat, ReferenceEquals(backend.CompletionClient, backend.Client) ? chat : Edge(backend.CompletionClient, modelId, backend)) { Model = backend.Model, Adapter = backend.Adapter };
    }

    /// <summary>The pipeline over the cloud link.</summary>
    public IChatClient ForCloud(IChatClient cloud) => new ChatClientBuilder(cloud)
        .Use(inner => new MetricsChatClient(inner, MetricsChatClient.Cloud, metrics, rates, time))
        .Use(inner => new FactsStrippingChatClient(inner))
        .Build();

    private IChatClient Edge(IChatClient client, string modelId, ModelBackend backend) => new ChatClientBuilder(client)
        .Use(inner => new MetricsChatClient(inner, MetricsChatClient.Edge, metrics, rates, time))
        .Use(inner => new ContextRecordingChatClient(inner, ledger.Demonstrations, modelId, metrics, time))
        .Use(inner => new DemonstrationInsertingChatClient(inner, ledger.Demonstrations, modelId, backend.Model, demonstrations, demonstrationTokens))
        .Use(inner => new FactsStrippingChatClient(inner))
        .Build();
}
