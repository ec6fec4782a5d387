
namespace EdgeFM.Gateway.Placing;

/// <summary>Where a request should run, why, and the weighted costs the policy compared (in Core's cost units).</summary>
/// <param name="Target">Edge or cloud.</param>
/// <param name="Reason">Why, in a few words (shown in the response's <c>edgefm.reason</c>).</param>
/// <param name="EdgeCost">Estimated weighted cost of serving at the edge; +∞ when the edge cannot.</param>
/// <param name="CloudCost">Estimated weighted cost of the cloud; +∞ when the cloud cannot.</param>
public readonly record struct PlacementDecision(Placement Target, string Reason, double EdgeCost, double CloudCost);
