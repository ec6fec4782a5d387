namespace EdgeFM.Edge.Prompting;

/// <summary>Settings of <see cref="NetGptCompletion"/>.</summary>
public sealed record NetGptOptions
{
    /// <summary>Most demonstrations put into the edge model's prompt. Default 3.</summary>
    public int Demonstrations { get; init; } = 3;
}
