namespace EdgeFM.Edge.Demonstrations;

/// <summary>Settings of a <see cref="DemonstrationStore"/>.</summary>
public sealed record DemonstrationStoreOptions
{
    /// <summary>Most demonstrations waiting to be written; beyond it <see cref="DemonstrationStore.TryRecord"/> returns false. Default 4096.</summary>
    public int QueueCapacity { get; init; } = 4096;

    /// <summary>Most demonstrations committed in one transaction. Default 256.</summary>
    public int BatchSize { get; init; } = 256;
}
