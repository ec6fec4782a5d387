
namespace EdgeFM.Gateway.Placing;

/// <summary>
/// Serves every request at the edge unless its prompt and output do not fit the edge context and a cloud is
/// available. Costs are not estimated (both are reported as 0); the cache policy may still send a miss to the cloud.
/// </summary>
public sealed class EdgeFirstPlacementPolicy : IPlacementPolicy
{
    /// <inheritdoc />
    public string Name => PlacementPolicyNames.EdgeFirst;

    /// <inheritdoc />
    public PlacementDecision Decide(PlacementSituation situation)
    {
        ArgumentNullException.ThrowIfNull(situation);
        return !situation.FitsEdgeContext && situation.CloudAvailable
            ? new PlacementDecision(Placement.Cloud, "prompt exceeds the edge context", 0, 0)
            : new PlacementDecision(Placement.Edge, situation.CloudAvailable ? "edge model" : "cloud unavailable", 0, 0);
    }
}
