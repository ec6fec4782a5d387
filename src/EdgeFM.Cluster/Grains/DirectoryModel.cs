namespace EdgeFM.Cluster.Grains;

/// <summary>One model at one edge, as the directory grain stores it.</summary>
/// <param name="Model">The model id.</param>
/// <param name="Loading">True while it is being loaded (not yet serving).</param>
/// <param name="Bytes">Bytes it takes in the edge's budget.</param>
/// <param name="ContextValue">Age-of-Context value of its demonstrations on its latest topic.</param>
/// <param name="QueueDepth">Requests admitted to it there (running and waiting).</param>
[GenerateSerializer, Immutable, Alias("edgefm.DirectoryModel")]
public sealed record DirectoryModel(
    [property: Id(0)] string Model,
    [property: Id(1)] bool Loading,
    [property: Id(2)] long Bytes,
    [property: Id(3)] double ContextValue,
    [property: Id(4)] int QueueDepth);
