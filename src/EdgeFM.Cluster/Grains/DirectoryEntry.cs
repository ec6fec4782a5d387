using System.Collections.Immutable;

namespace EdgeFM.Cluster.Grains;

/// <summary>What one edge last published to the directory.</summary>
/// <param name="Node">The edge's node name.</param>
/// <param name="Silo">The edge's silo address (<c>SiloAddress.ToParsableString()</c>), checked against cluster membership.</param>
/// <param name="Endpoint">The edge's HTTP API base URL.</param>
/// <param name="Models">Its loaded and loading models.</param>
/// <param name="BudgetBytes">Its memory budget.</param>
/// <param name="UsedBytes">Bytes its models take.</param>
/// <param name="QueueDepth">Requests admitted there in all.</param>
/// <param name="PublishedAt">When the edge published it (UTC, the edge's clock).</param>
[GenerateSerializer, Immutable, Alias("edgefm.DirectoryEntry")]
public sealed record DirectoryEntry(
    [property: Id(0)] string Node,
    [property: Id(1)] string Silo,
    [property: Id(2)] string Endpoint,
    [property: Id(3)] ImmutableArray<DirectoryModel> Models,
    [property: Id(4)] long BudgetBytes,
    [property: Id(5)] long UsedBytes,
    [property: Id(6)] int QueueDepth,
    [property: Id(7)] DateTimeOffset PublishedAt);
