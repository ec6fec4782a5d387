using EdgeFM.Core.Cluster;
using EdgeFM.Core.Models;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Cluster;
using EdgeFM.Gateway.Placing;

namespace EdgeFM.Gateway.Planning;

/// <summary>Peer edges as destinations: in a cluster, a request may go to another edge that holds its model loaded.</summary>
public sealed partial class RequestPlanner
{
    private CostPlacementPolicy? _peerCosts;

    /// <summary>The cluster this gateway belongs to, or null when it is alone.</summary>
    public IEdgeCluster? Cluster { get; init; }

    /// <summary>
    /// The cluster as the cooperative cache policy reads it (the policy was created over it), or null when the policy
    /// is not cooperative; refreshed under the planner's lock before each policy call.
    /// </summary>
    public EdgeClusterView? ClusterView { get; init; }

    /// <summary>
    /// Plans <paramref name="request"/>: first with this edge and the cloud, as a lone gateway does; then, in a cluster,
    /// a peer edge holding the model loaded replaces that plan's primary destination (which becomes the fallback) when
    /// Core's cost model, priced as for this edge, says the hop plus the peer's queue, service and context are cheaper
    /// than the plan's primary (loading here, queueing here, or the cloud). A request forwarded by a peer is never
    /// forwarded again. <paramref name="firstAttempt"/> is true the first time a request is planned (it is then
    /// counted and traced); re-plans after a conflict or an unreachable peer pass false. Throws
    /// <see cref="ApiException"/> (404) for a model no one has.
    /// </summary>
    public ServingPlan Plan(in PlanRequest request, bool firstAttempt)
    {
        if (Cluster is not { } cluster || !request.MayForward)
        {
            return PlanHere(request, firstAttempt);
        }

        var model = new ModelId(request.Model);
        ServingPlan plan;
        try
        {
            plan = PlanHere(request, firstAttempt);
        }
        catch (ApiException ex) when (ex.StatusCode == 404 && cluster.Replicas(model).Count > 0)
        {
            plan = new ServingPlan([], "model not on this edge", _policy.Name);
        }
        finally
        {
            // Counted after the policy decided, as the ledger counts it and as the simulator counts a request: a
            // request crossing a forecast period's end belongs to the next period.
            if (firstAttempt)
            {
                cluster.RecordRequest(model, request.User);
            }
        }

        return WithPeers(cluster, request, plan);
    }

    private ServingPlan WithPeers(IEdgeCluster cluster, in PlanRequest request, ServingPlan plan)
    {
        var primary = plan.Stages.Count > 0 ? plan.Stages[0].Primary : null;

        // A loaded model with nobody ahead is as cheap as serving gets; skip the lookup.
        if (primary is { Kind: Placement.Edge, Load: false } && _admission.Queued(request.Model) == 0)
        {
            return plan;
        }

        var replicas = cluster.Replicas(new ModelId(request.Model));
        if (replicas.Count == 0)
        {
            return plan;
        }

        _peerCosts ??= new CostPlacementPolicy(_options.Placement);
        var cloudUp = _cloudAvailable is { } up && up();

        // One residency snapshot and one situation for the whole comparison: replicas differ only in queue and context.
        var residency = _cache.Residency();
        var now = _ledger.Now;
        var here = primary is null ? double.PositiveInfinity : CostHere(request, primary, cloudUp, residency, now);
        var atPeer = Situation(request, Destination.Edge(request.Model), residency, now) with { Cached = true, LoadSeconds = 0, CloudAvailable = false };
        PeerReplica? best = null;
        var bestCost = double.PositiveInfinity;
        foreach (var replica in replicas)
        {
            if (replica.Replica.QueueDepth >= _options.MaxQueuePerModel)
            {
                continue;
            }

            var cost = CostAtPeer(atPeer, replica);
            if (cost < bestCost)
            {
                (best, bestCost) = (replica, cost);
            }
        }

        if (best is null || bestCost >= here)
        {
            return plan;
        }

        var reason = primary switch
        {
            null => $"peer {best.Node} holds it ({plan.Reason})",
            { Kind: Placement.Edge, Load: true } => $"peer {best.Node} holds it: cheaper than loading here",
            { Kind: Placement.Edge } => $"peer {best.Node} holds it: cheaper than queueing here",
            _ => $"peer {best.Node} holds it: cheaper than the cloud",
        };
        var peer = Destination.Peer(best.Node, best.Endpoint, request.Model);
        return new ServingPlan([new PlanStage(StageRole.Answer, peer, primary)], reason, plan.Policy, plan.Prefetch);
    }

    /// <summary>The weighted cost of the plan's primary destination, as the cost placement policy prices it.</summary>
    private double CostHere(in PlanRequest request, Destination primary, bool cloudUp, ResidencySnapshot residency, double now)
    {
        var edge = primary.Kind == Placement.Edge ? primary : Destination.Edge(request.Model);
        var situation = Situation(request, edge, residency, now) with { CloudAvailable = cloudUp };
        var decision = _peerCosts!.Decide(situation);
        return primary.Kind == Placement.Edge ? decision.EdgeCost : decision.CloudCost;
    }

    /// <summary>
    /// A peer's cost: the model is loaded there (no switching), the requests queued there wait ahead, its context value
    /// is the one it published, service times are this edge's for the model (same model, alike hardware), plus one hop.
    /// <paramref name="atPeer"/> is the request's situation with the model loaded and the cloud left out.
    /// </summary>
    private double CostAtPeer(PlacementSituation atPeer, PeerReplica replica)
    {
        var situation = atPeer with { QueueAhead = replica.Replica.QueueDepth, ContextValue = replica.Replica.ContextValue };
        return _peerCosts!.Decide(situation).EdgeCost + (_options.Placement.Weights.InferenceLatency * _options.Cluster.PeerHopSeconds);
    }
}
