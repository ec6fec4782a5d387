using EdgeFM.Core.Models;
using EdgeFM.Gateway.Admission;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Catalog;
using EdgeFM.Gateway.Cloud;
using EdgeFM.Gateway.Configuration;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Pipeline;
using EdgeFM.Gateway.Placing;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Routing;

/// <summary>
/// Places each request at the edge or in the cloud and starts it. An edge gateway sends a request to the cloud when
/// the model is unknown locally or the placement policy (<see cref="IPlacementPolicy"/>, over Core's cost model)
/// prefers the cloud; a request placed at the edge still goes to a healthy cloud when the model's queue is full or the
/// cache policy declines to load the model. When the cloud fails before its first token, a local model serves the
/// request if it can (a fallback), else 503. A cloud gateway serves everything locally.
/// </summary>
public sealed partial class GenerationRouter(
    GatewayOptions options,
    ModelDirectory catalog,
    ModelCache cache,
    AdmissionController admission,
    ResilientChatClient? cloud,
    IPlacementPolicy placement,
    GatewayMetrics metrics)
{
    /// <summary>Places and starts <paramref name="request"/>; throws <see cref="ApiException"/> when nobody can serve it.</summary>
    public async Task<PlacedGeneration> StartAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        var local = catalog.TryGet(request.Model, out _);
        if (options.Role == GatewayRole.Cloud || cloud is null)
        {
            return local
                ? await StartEdgeOrThrowAsync(request, fallback: false, "served locally", cancellationToken).ConfigureAwait(false)
                : throw ApiException.ModelNotFound(request.Model);
        }

        if (!local)
        {
            return await StartCloudAsync(request, "model not on this edge", cancellationToken).ConfigureAwait(false);
        }

        var cloudHealthy = cloud.IsAvailable;
        var decision = placement.Decide(Situation(request, cloudHealthy));
        if (decision.Target == Placement.Cloud)
        {
            return await StartCloudOrFallBackAsync(request, decision.Reason, cancellationToken).ConfigureAwait(false);
        }

        var (edge, outcome) = await TryStartEdgeAsync(request, mayOffload: cloudHealthy, fallback: false, cancellationToken, decision.Reason).ConfigureAwait(false);
        if (edge is not null)
        {
            return edge;
        }

        var reason = outcome switch
        {
            EdgeOutcome.Offload => "policy chose the cloud",
            EdgeOutcome.QueueFull => "edge queue is full",
            EdgeOutcome.LoadFailed => "edge model failed to load",
            _ => "no room at the edge",
        };
        try
        {
            return await StartCloudAsync(request, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException) when (outcome == EdgeOutcome.Offload)
        {
            // The policy preferred the cloud, but it failed: load the model after all.
            return await StartEdgeOrThrowAsync(request, fallback: true, "cloud failed", cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException) when (outcome == EdgeOutcome.QueueFull)
        {
            throw admission.ModelQueueFull(request.Model);
        }
    }

    private async Task<PlacedGeneration> StartCloudOrFallBackAsync(GenerationRequest request, string reason, CancellationToken cancellationToken)
    {
        try
        {
            return await StartCloudAsync(request, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException)
        {
            return await StartEdgeOrThrowAsync(request, fallback: true, "cloud failed", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<PlacedGeneration> StartCloudAsync(GenerationRequest request, string reason, CancellationToken cancellationToken)
    {
        var stream = new MetricsChatClient(cloud!, Placement.Cloud, metrics, cache.Rates, request).GetStreamingResponseAsync(request.Messages, request.Options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            var first = await stream.MoveNextAsync().ConfigureAwait(false) ? stream.Current : null;
            return new PlacedGeneration(Placement.Cloud, fallback: false, cache: null, reason, stream, first);
        }
        catch (CloudUnavailableException ex)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw ApiException.Unavailable($"The cloud cannot serve '{request.Model}' ({ex.Message}) and no edge model can take it.");
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<PlacedGeneration> StartEdgeOrThrowAsync(GenerationRequest request, bool fallback, string reason, CancellationToken cancellationToken)
    {
        var (edge, outcome) = await TryStartEdgeAsync(request, mayOffload: false, fallback, cancellationToken, reason).ConfigureAwait(false);
        if (edge is not null)
        {
            if (fallback)
            {
                metrics.CloudFallbacks.Add(1);
            }

            return edge;
        }

        throw outcome switch
        {
            EdgeOutcome.QueueFull => admission.ModelQueueFull(request.Model),
            EdgeOutcome.TooLarge => ApiException.Unavailable($"Model '{request.Model}' is larger than this gateway's memory budget of {cache.BudgetBytes} bytes and the cloud cannot take it."),
            EdgeOutcome.LoadFailed => ApiException.Unavailable($"Model '{request.Model}' failed to load and the cloud cannot take it; see the gateway log."),
            _ => ApiException.Unavailable($"Every loaded model is pinned or busy, so '{request.Model}' cannot be loaded now, and the cloud cannot take it; retry shortly."),
        };
    }

    private async Task<(PlacedGeneration? Generation, EdgeOutcome Outcome)> TryStartEdgeAsync(
        GenerationRequest request, bool mayOffload, bool fallback, CancellationToken cancellationToken, string reason = "edge model")
    {
        var ticket = admission.TryEnterModel(request.Model);
        if (ticket is null)
        {
            return (null, EdgeOutcome.QueueFull);
        }

        ModelLease? lease = null;
        IAsyncEnumerator<ChatResponseUpdate>? stream = null;
        try
        {
            CacheAcquisition acquisition;
            try
            {
                acquisition = await cache.AcquireAsync(request.Model, mayOffload, request.Topic, EstimatedTokens(request), cancellationToken).ConfigureAwait(false);
            }
            catch (ModelLoadException)
            {
                ticket.Dispose();
                return (null, EdgeOutcome.LoadFailed);
            }

            if (acquisition.Lease is null)
            {
                ticket.Dispose();
                return (null, acquisition.Outcome switch
                {
                    CacheOutcome.Offload => EdgeOutcome.Offload,
                    CacheOutcome.TooLarge => EdgeOutcome.TooLarge,
                    _ => EdgeOutcome.NoRoom,
                });
            }

            lease = acquisition.Lease;
            await ticket.WaitForSlotAsync(cancellationToken).ConfigureAwait(false);
            var backend = request.Kind == EndpointKind.Completion ? lease.CompletionClient : lease.Client;
            var client = new MetricsChatClient(new ContextRecordingChatClient(backend, cache, request), Placement.Edge, metrics, cache.Rates, request);
            stream = client.GetStreamingResponseAsync(request.Messages, request.Options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            var first = await stream.MoveNextAsync().ConfigureAwait(false) ? stream.Current : null;
            return (new PlacedGeneration(Placement.Edge, fallback, lease.WasHit ? "hit" : "miss", reason, stream, first, lease, ticket), EdgeOutcome.Started);
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            lease?.Dispose();
            ticket.Dispose();
            throw;
        }
    }

    /// <summary>What the placement policy sees of <paramref name="request"/> and the gateway now.</summary>
    private PlacementSituation Situation(GenerationRequest request, bool cloudAvailable)
    {
        var (cached, bytes, contextValue) = cache.PlacementFacts(request.Model, request.Topic);
        var (prefill, decode) = cache.Rates.TokenSeconds(request.Model);
        return new PlacementSituation
        {
            Model = new ModelId(request.Model),
            Cached = cached,
            LoadSeconds = cache.Rates.LoadSeconds(request.Model, bytes),
            QueueAhead = admission.Queued(request.Model),
            Parallel = options.ParallelPerModel,
            PromptTokens = request.PromptChars / 4,
            OutputTokens = request.Options.MaxOutputTokens ?? 0,
            ContextLength = options.ContextLength,
            PrefillSecondsPerToken = prefill,
            DecodeSecondsPerToken = decode,
            ContextValue = contextValue,
            PayloadBytes = request.PromptChars,
            CloudAvailable = cloudAvailable,
            CloudLatencySeconds = cache.Rates.CloudSeconds,
        };
    }

    /// <summary>A rough token count (4 characters a token) of the prompt plus the requested output.</summary>
    private static int EstimatedTokens(GenerationRequest request) => (request.PromptChars / 4) + (request.Options.MaxOutputTokens ?? 0);

    private enum EdgeOutcome
    {
        Started,
        Offload,
        NoRoom,
        TooLarge,
        QueueFull,
        LoadFailed,
    }
}
