namespace EdgeFM.Edge.Demonstrations;

/// <summary>
/// Identifies the user a demonstration belongs to (the gateway's authenticated principal or <c>user</c> field).
/// Ordinal, case-sensitive. Never leaves the edge: the egress filter removes it from anything sent out.
/// </summary>
/// <param name="Value">The id; never null or empty.</param>
public readonly record struct UserId(string Value)
{
    /// <summary>The user of requests that name none; their demonstrations serve only other anonymous requests unless shareable.</summary>
    public static UserId Anonymous { get; } = new("anonymous");

    /// <inheritdoc />
    public override string ToString() => Value;
}
