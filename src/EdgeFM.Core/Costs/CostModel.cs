using EdgeFM.Core.Models;
using EdgeFM.Core.Topology;

namespace EdgeFM.Core.Costs;

/// <summary>
/// Charges requests and loads to a <see cref="CostBreakdown"/>: switching cost when a model is loaded; inference
/// latency, offloading latency and accuracy cost (1 − A(V)) for an edge-executed request; the cloud's cost for a
/// cloud-executed one. Every component is weighted by <see cref="Weights"/>.
/// </summary>
public sealed class CostModel
{
    /// <summary>Creates a cost model.</summary>
    public CostModel(CostWeights weights, CloudSpec cloud)
    {
        Weights = weights ?? throw new ArgumentNullException(nameof(weights));
        Cloud = cloud ?? throw new ArgumentNullException(nameof(cloud));
        CloudCostPerRequest = weights.Cloud * cloud.CostPerRequest;
    }

    /// <summary>The weights.</summary>
    public CostWeights Weights { get; }

    /// <summary>The cloud.</summary>
    public CloudSpec Cloud { get; }

    /// <summary>Weighted cost of one cloud-executed request.</summary>
    public double CloudCostPerRequest { get; }

    /// <summary>Weighted switching cost of loading <paramref name="model"/>.</summary>
    public double SwitchingCost(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return (Weights.SwitchingLatency * model.LoadLatencySeconds) + (Weights.SwitchingEnergy * model.LoadEnergyJoules);
    }

    /// <summary>Charges the load of <paramref name="model"/>.</summary>
    public void ChargeLoad(ref CostBreakdown totals, ModelSpec model)
    {
        totals.Switching += SwitchingCost(model);
        totals.Loads++;
    }

    /// <summary>Charges a request executed in the cloud.</summary>
    public void ChargeCloud(ref CostBreakdown totals)
    {
        totals.Cloud += CloudCostPerRequest;
        totals.Requests++;
    }

    /// <summary>
    /// Charges a request executed at <paramref name="server"/> on <paramref name="model"/> whose context is worth
    /// <paramref name="contextValue"/> effective examples; the request's input is <paramref name="payloadBytes"/> bytes.
    /// </summary>
    public void ChargeEdge(ref CostBreakdown totals, EdgeServerSpec server, ModelSpec model, double contextValue, double payloadBytes)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(model);
        totals.Inference += Weights.InferenceLatency * server.InferenceLatency(model.ComputePerRequestGflop);
        totals.Offloading += Weights.OffloadingLatency * server.OffloadingLatency(payloadBytes);
        totals.Accuracy += Weights.Accuracy * (1 - model.Accuracy.Evaluate(contextValue));
        totals.Requests++;
        totals.EdgeRequests++;
    }

    /// <summary>
    /// The weighted cost a request would incur executing at <paramref name="executing"/> on <paramref name="model"/>
    /// with a context worth <paramref name="contextValue"/> effective examples, after <paramref name="offloadingSeconds"/>
    /// of offloading: inference latency + offloading latency + accuracy cost, as <see cref="ChargeEdge"/> charges them.
    /// </summary>
    public double EdgeRequestCost(EdgeServerSpec executing, ModelSpec model, double contextValue, double offloadingSeconds)
    {
        ArgumentNullException.ThrowIfNull(executing);
        ArgumentNullException.ThrowIfNull(model);
        return (Weights.InferenceLatency * executing.InferenceLatency(model.ComputePerRequestGflop))
            + (Weights.OffloadingLatency * offloadingSeconds)
            + (Weights.Accuracy * (1 - model.Accuracy.Evaluate(contextValue)));
    }

    /// <summary>
    /// Charges a request whose users reach <paramref name="origin"/> but which runs at the peer edge <paramref name="peer"/>
    /// on its cached <paramref name="model"/> (context worth <paramref name="contextValue"/>): the peer's inference latency,
    /// the accuracy cost of the peer's context, and as offloading latency the user-to-origin link plus
    /// <paramref name="hopSeconds"/>, the hop from the origin to the peer.
    /// </summary>
    public void ChargePeer(ref CostBreakdown totals, EdgeServerSpec origin, EdgeServerSpec peer, ModelSpec model, double contextValue, double payloadBytes, double hopSeconds)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(model);
        totals.Inference += Weights.InferenceLatency * peer.InferenceLatency(model.ComputePerRequestGflop);
        totals.Offloading += Weights.OffloadingLatency * (origin.OffloadingLatency(payloadBytes) + hopSeconds);
        totals.Accuracy += Weights.Accuracy * (1 - model.Accuracy.Evaluate(contextValue));
        totals.Requests++;
        totals.EdgeRequests++;
    }
}
