namespace EdgeFM.Gateway.Placing;

/// <summary>Names of the placement policies (<c>--placement</c>).</summary>
public static class PlacementPolicyNames
{
    /// <summary>Compare the weighted cost of serving at the edge with the weighted cost of the cloud (<see cref="CostPlacementPolicy"/>).</summary>
    public const string Cost = "Cost";

    /// <summary>Serve at the edge whenever the edge can (<see cref="EdgeFirstPlacementPolicy"/>).</summary>
    public const string EdgeFirst = "EdgeFirst";

    /// <summary>Every name, in the order help lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Cost, EdgeFirst];
}
