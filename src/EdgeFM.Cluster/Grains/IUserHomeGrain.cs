namespace EdgeFM.Cluster.Grains;

/// <summary>
/// A user's home edge (key: a hash of the user's id, never the id itself): the edge whose demonstrations serve them
/// first. The first edge that sees the user claims it; the claim moves when the home's silo is no longer active.
/// </summary>
[Alias("edgefm.IUserHomeGrain")]
public interface IUserHomeGrain : IGrainWithStringKey
{
    /// <summary>Returns the user's home node, making <paramref name="node"/> (silo <paramref name="silo"/>) the home when there is none alive.</summary>
    [Alias("Claim")]
    Task<string> ClaimAsync(string node, string silo);

    /// <summary>The user's home node, or null.</summary>
    [Alias("Get")]
    Task<string?> GetAsync();
}
