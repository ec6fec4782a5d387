using EdgeFM.Core.Costs;
using EdgeFM.Core.Models;
using EdgeFM.Core.Topology;

namespace EdgeFM.Gateway.Placing;

/// <summary>
/// Places a request where Core's cost model says it is cheaper. At the edge: switching cost when the model must be
/// loaded (weighted load seconds), inference latency (waiting for the requests ahead of it plus its own prefill and
/// decode, weighted), offloading latency of its input over the user-to-edge link, and accuracy cost 1 − A(V) for the
/// model's context value V. In the cloud: price plus latency, times the cloud weight. Ties go to the edge. A request
/// whose prompt and output do not fit the edge context goes to the cloud; with no cloud available everything stays at
/// the edge.
/// </summary>
public sealed class CostPlacementPolicy : IPlacementPolicy
{
    private readonly PlacementSettings _settings;
    private readonly EdgeServerSpec _link;

    /// <summary>Creates the policy.</summary>
    public CostPlacementPolicy(PlacementSettings settings)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _link = new EdgeServerSpec
        {
            Name = "gateway",
            MemoryCapacityBytes = 1,
            ComputeGflopPerSecond = 1,
            LinkBandwidthBytesPerSecond = settings.LinkBandwidthBytesPerSecond,
        };
    }

    /// <inheritdoc />
    public string Name => PlacementPolicyNames.Cost;

    /// <inheritdoc />
    public PlacementDecision Decide(PlacementSituation situation)
    {
        ArgumentNullException.ThrowIfNull(situation);
        var costs = new CostModel(_settings.Weights, new CloudSpec(situation.CloudLatencySeconds, _settings.CloudPricePerRequest));
        var cloud = situation.CloudAvailable ? costs.CloudCostPerRequest : double.PositiveInfinity;
        if (!situation.FitsEdgeContext && situation.CloudAvailable)
        {
            return new PlacementDecision(Placement.Cloud, "prompt exceeds the edge context", double.PositiveInfinity, cloud);
        }

        var switching = situation.Cached ? 0 : costs.SwitchingCost(new ModelSpec { Id = situation.Model, MemoryBytes = 1, LoadLatencySeconds = situation.LoadSeconds });
        var queue = _settings.Weights.InferenceLatency * situation.EdgeQueueSeconds;
        var rest = (_settings.Weights.InferenceLatency * situation.EdgeServiceSeconds)
            + (_settings.Weights.OffloadingLatency * _link.OffloadingLatency(situation.PayloadBytes))
            + (_settings.Weights.Accuracy * (1 - _settings.EdgeAccuracy.Evaluate(situation.ContextValue)));
        var edge = switching + queue + rest;
        if (!situation.CloudAvailable)
        {
            return new PlacementDecision(Placement.Edge, "cloud unavailable", edge, cloud);
        }

        if (edge <= cloud)
        {
            return new PlacementDecision(Placement.Edge, situation.Cached ? "edge model" : "worth loading at the edge", edge, cloud);
        }

        // Name the term that tipped the balance: without it the edge would have won.
        var reason = !situation.Cached && edge - switching <= cloud ? "loading costs more than the cloud"
            : queue > 0 && edge - queue <= cloud ? "edge queue is long"
            : "cloud is cheaper";
        return new PlacementDecision(Placement.Cloud, reason, edge, cloud);
    }
}
