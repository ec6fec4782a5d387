namespace EdgeFM.Cluster.Grains;

/// <summary>
/// One model's demand (key: the model id): requests counted per edge and cluster-wide, each count decaying
/// exponentially with the cluster's demand half-life, so a count is "requests lately", with old ones weighing less;
/// and each edge's cumulative count, as that edge reports it (the series a popularity forecast differences per period).
/// </summary>
[Alias("edgefm.IModelDemandGrain")]
public interface IModelDemandGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds <paramref name="requests"/> new requests seen at <paramref name="node"/>, whose own count of requests for
    /// the model since it started is now <paramref name="total"/>. The node's count is its own (kept in its process),
    /// so a grain reactivated after its silo died has it again at that node's next report.
    /// </summary>
    [Alias("Add")]
    Task AddAsync(string node, double requests, long total);

    /// <summary>The counts now.</summary>
    [Alias("Get")]
    Task<DemandSnapshot> GetAsync();
}
