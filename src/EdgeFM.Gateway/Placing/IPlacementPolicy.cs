namespace EdgeFM.Gateway.Placing;

/// <summary>
/// Decides where one request runs, at the edge or in the cloud, from a snapshot of the gateway's state. Whether and
/// what to load or evict stays with the cache policy; a placement policy only weighs the two sides.
/// Implementations are stateless and thread-safe. Names are in <see cref="PlacementPolicyNames"/>.
/// </summary>
public interface IPlacementPolicy
{
    /// <summary>The policy's name (one of <see cref="PlacementPolicyNames"/>).</summary>
    string Name { get; }

    /// <summary>Decides where the request described by <paramref name="situation"/> runs.</summary>
    PlacementDecision Decide(PlacementSituation situation);
}
