namespace EdgeFM.Cluster.Grains;

/// <summary>
/// One model's demand (key: the model id): requests counted per edge and cluster-wide, each count decaying
/// exponentially with the cluster's demand half-life, so a count is "requests lately", with old ones weighing less.
/// </summary>
[Alias("edgefm.IModelDemandGrain")]
public interface IModelDemandGrain : IGrainWithStringKey
{
    /// <summary>Adds <paramref name="requests"/> new requests seen at <paramref name="node"/>.</summary>
    [Alias("Add")]
    Task AddAsync(string node, double requests);

    /// <summary>The counts now.</summary>
    [Alias("Get")]
    Task<DemandSnapshot> GetAsync();
}
