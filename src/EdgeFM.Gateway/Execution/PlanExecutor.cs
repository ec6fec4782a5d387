using EdgeFM.Gateway.Admission;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Cloud;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Pipeline;
using EdgeFM.Gateway.Placing;
using EdgeFM.Gateway.Planning;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace EdgeFM.Gateway.Execution;

/// <summary>
/// Carries serving plans out. It asks the planner for a plan, starts the stage's primary destination and, when that
/// cannot start before its first token, the stage's fallback. An edge destination enters the model's queue, leases
/// the model from the cache (loading it after exactly the plan's evictions) and waits for a generation slot; when the
/// cache has changed since the plan (<see cref="CacheOutcome.Conflict"/>) it plans again. A plan with no stage waits
/// for the cache to change while that may help (bounded by the room wait), then answers 503.
/// </summary>
/// A NetGPT plan's completion stage runs first (see <c>PlanExecutor.NetGpt.cs</c>); only its egress-filtered output
/// reaches the answer stage.
public sealed partial class PlanExecutor(
    RequestPlanner planner,
    LiveModelCache cache,
    AdmissionController admission,
    IChatClient? cloud,
    GatewayMetrics metrics,
    TimeSpan roomWait,
    TimeProvider time,
    ILogger logger,
    Personalization.NetGptStage? netGpt = null,
    Context.LiveDemonstrations? demonstrations = null)
{
    /// <summary>Plans after a conflict before the request is refused; conflicts need concurrent changes, so a few suffice.</summary>
    private const int MaxRounds = 8;

    /// <summary>
    /// Wake-ups a request waiting for room may plan again before it is refused, besides the room wait itself: each
    /// wait ends only on a cache change, and under many requests (adapters taking turns in a small budget) changes
    /// come often while the room a request needs frees only when one of them ends.
    /// </summary>
    private const int MaxWaits = 1024;

    /// <summary>Plans <paramref name="request"/> and starts it; throws <see cref="ApiException"/> when nobody can serve it.</summary>
    public async Task<RunningGeneration> StartAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var facts = PlanRequest.Of(request);
        var started = time.GetTimestamp();
        var conflicts = 0;
        for (var round = 0; ; round++)
        {
            var plan = planner.Plan(facts, firstAttempt: round == 0);
            logger.LogDebug("plan for {Model}: {Plan}", request.Model, plan);
            if (plan.Prefetch is { } prefetch)
            {
                _ = PrefetchAsync(prefetch);
            }

            if (plan.Stages.Count == 0)
            {
                var waited = time.GetElapsedTime(started);
                if (plan.MayWaitForRoom && waited < roomWait && round < MaxWaits)
                {
                    await cache.WaitForChangeAsync(roomWait - waited, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw ApiException.Unavailable($"No one can serve '{request.Model}' now: {plan.Reason}.");
            }

            if (plan.Stages[0].Role == StageRole.Complete)
            {
                if (await TryNetGptAsync(plan, request, cancellationToken).ConfigureAwait(false) is { } personalized)
                {
                    return personalized;
                }
            }
            else
            {
                var attempt = await TryStageAsync(plan, plan.Stages[0], request, cancellationToken).ConfigureAwait(false);
                if (attempt.Generation is { } generation)
                {
                    return generation;
                }

                if (!attempt.Conflict)
                {
                    throw attempt.Error!;
                }
            }

            if (++conflicts > MaxRounds)
            {
                throw ApiException.Unavailable($"The cache kept changing while '{request.Model}' was being placed; retry shortly.");
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="stage"/>'s primary destination and, when that cannot start, its fallback. Returns the
    /// generation, or the error to answer with, or a conflict (the cache changed since the plan: plan again).
    /// </summary>
    private async Task<Attempt> TryStageAsync(ServingPlan plan, PlanStage stage, GenerationRequest request, CancellationToken cancellationToken)
    {
        var primary = await TryStartAsync(plan, stage.Primary, request, fallback: false, cancellationToken).ConfigureAwait(false);
        if (primary.Generation is not null)
        {
            return primary;
        }

        var outcome = primary;
        if (!primary.Conflict && stage.Fallback is { } fallback)
        {
            outcome = await TryStartAsync(plan, fallback, request, fallback: true, cancellationToken).ConfigureAwait(false);
            if (outcome.Generation is not null)
            {
                if (stage.Primary.Kind == Placement.Cloud)
                {
                    metrics.CloudFallbacks.Add(1);
                }

                return outcome;
            }
        }

        // When both failed, the edge's reason is the one a client can act on (its queue, its budget, its file).
        return outcome.Conflict ? Attempt.Replan : Attempt.Failed((stage.Fallback?.Kind == Placement.Edge ? outcome.Error : null) ?? primary.Error!);
    }

    /// <summary>Loads <paramref name="model"/> for an operator, evicting what the cache policy chooses; returns null or why not.</summary>
    public async Task<string?> LoadAsync(string model, CancellationToken cancellationToken)
    {
        for (var round = 0; round <= MaxRounds; round++)
        {
            var plan = planner.PlanLoad(model);
            if (plan.Stages.Count == 0)
            {
                return plan.Reason;
            }

            var acquisition = await cache.LoadAsync(model, plan.Stages[0].Primary.Evictions, cancellationToken).ConfigureAwait(false);
            switch (acquisition.Outcome)
            {
                case CacheOutcome.Loaded:
                    return null;
                case CacheOutcome.Conflict:
                    continue;
                case CacheOutcome.TooLarge:
                    return $"Model '{model}' is larger than the whole memory budget of {cache.BudgetBytes} bytes; raise --memory-budget.";
                default:
                    return $"Model '{model}' cannot be loaded: {acquisition.Failure}";
            }
        }

        return $"The cache kept changing while '{model}' was being loaded; retry.";
    }

    /// <summary>
    /// Loads <paramref name="order"/>'s model after exactly its evictions, without a lease (the cache keeps the budget,
    /// and leaves leased, loading and pinned models alone: a plan that no longer holds is a conflict and changes
    /// nothing). Returns how it ended, or null when it threw (logged).
    /// </summary>
    internal async Task<CacheOutcome?> PrefetchAsync(PrefetchOrder order)
    {
        try
        {
            return (await cache.LoadAsync(order.Model, order.Evictions, CancellationToken.None).ConfigureAwait(false)).Outcome;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning("prefetch of {Model} failed: {Message}", order.Model, ex.Message);
            return null;
        }
    }

    private Task<Attempt> TryStartAsync(ServingPlan plan, Destination destination, GenerationRequest request, bool fallback, CancellationToken cancellationToken) =>
        destination.Kind switch
        {
            Placement.Cloud => TryStartCloudAsync(plan, destination, request, fallback, cancellationToken),
            Placement.Peer => TryStartPeerAsync(plan, destination, request, fallback, cancellationToken),
            _ => TryStartEdgeAsync(plan, destination, request, fallback, cancellationToken),
        };

    private async Task<Attempt> TryStartCloudAsync(ServingPlan plan, Destination destination, GenerationRequest request, bool fallback, CancellationToken cancellationToken)
    {
        if (cloud is null)
        {
            return Attempt.Failed(ApiException.Unavailable($"'{request.Model}' would go to the cloud, but this gateway has none."));
        }

        var stream = cloud.GetStreamingResponseAsync(request.Messages, RequestFacts.Attach(request.Options, request), cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            var first = await stream.MoveNextAsync().ConfigureAwait(false) ? stream.Current : null;
            return Attempt.Started(new RunningGeneration(plan, destination, fallback, cache: null, stream, first));
        }
        catch (CloudUnavailableException ex)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            return Attempt.Failed(ApiException.Unavailable($"The cloud cannot serve '{request.Model}' ({ex.Message}) and no edge model can take it."));
        }
        catch (CloudLinkException ex) when (ex is not CloudRejectedException)
        {
            // The cloud answered before its first token with something that is not an answer (a bad 200, a cut
            // stream): the stage's fallback may serve; without one the client gets the cloud fault. A cloud 4xx is
            // the request's own fault and passes through unchanged.
            await stream.DisposeAsync().ConfigureAwait(false);
            return Attempt.Failed(OpenAiWire.CloudError(ex));
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<Attempt> TryStartEdgeAsync(ServingPlan plan, Destination destination, GenerationRequest request, bool fallback, CancellationToken cancellationToken)
    {
        var ticket = admission.TryEnterModel(destination.Model);
        if (ticket is null)
        {
            return Attempt.Failed(admission.ModelQueueFull(destination.Model));
        }

        ModelLease? lease = null;
        IAsyncEnumerator<ChatResponseUpdate>? stream = null;
        try
        {
            var acquisition = await AcquireAsync(destination, cancellationToken).ConfigureAwait(false);
            if (acquisition.Lease is null)
            {
                ticket.Dispose();
                return acquisition.Outcome switch
                {
                    CacheOutcome.Conflict or CacheOutcome.ParentNotLoaded => Attempt.Replan,
                    CacheOutcome.TooLarge => Attempt.Failed(ApiException.Unavailable($"Model '{destination.Model}' is larger than this gateway's memory budget of {cache.BudgetBytes} bytes and the cloud cannot take it.")),
                    _ => Attempt.Failed(ApiException.Unavailable($"Model '{destination.Model}' cannot be served here: {acquisition.Failure}")),
                };
            }

            lease = acquisition.Lease;
            await ticket.WaitForSlotAsync(cancellationToken).ConfigureAwait(false);
            var client = request.Kind == EndpointKind.Completion ? lease.CompletionClient : lease.Client;
            stream = client.GetStreamingResponseAsync(request.Messages, RequestFacts.Attach(request.Options, request), cancellationToken).GetAsyncEnumerator(cancellationToken);
            var first = await stream.MoveNextAsync().ConfigureAwait(false) ? stream.Current : null;
            return Attempt.Started(new RunningGeneration(plan, destination, fallback, lease.WasHit ? "hit" : "miss", stream, first, lease, ticket));
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

    private readonly record struct Attempt(RunningGeneration? Generation, ApiException? Error, bool Conflict)
    {
        public static Attempt Replan => new(null, null, true);

        public static Attempt Started(RunningGeneration generation) => new(generation, null, false);

        public static Attempt Failed(ApiException error) => new(null, error, false);
    }
}
