using System.Collections.Immutable;

namespace EdgeFM.Cluster.Grains;

/// <summary>A model's decayed request counts at one instant.</summary>
/// <param name="PerNode">Decayed count per edge node.</param>
/// <param name="Total">Their sum: the cluster-wide decayed count.</param>
/// <param name="At">The instant they are decayed to.</param>
/// <param name="Totals">Each edge node's own cumulative count of requests for the model since that node started, as it last reported it (not decayed).</param>
[GenerateSerializer, Immutable, Alias("edgefm.DemandSnapshot")]
public sealed record DemandSnapshot(
    [property: Id(0)] ImmutableDictionary<string, double> PerNode,
    [property: Id(1)] double Total,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] ImmutableDictionary<string, long> Totals);
