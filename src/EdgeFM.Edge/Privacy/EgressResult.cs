namespace EdgeFM.Edge.Privacy;

/// <summary>What the egress filter let out and what it removed.</summary>
/// <param name="Text">The text that may leave the edge.</param>
/// <param name="CoordinatesRemoved">Coordinate-like spans replaced.</param>
/// <param name="UserIdsRemoved">User-id occurrences replaced.</param>
/// <param name="DemonstrationSpansRemoved">Word runs of other users' demonstrations replaced.</param>
public sealed record EgressResult(string Text, int CoordinatesRemoved, int UserIdsRemoved, int DemonstrationSpansRemoved)
{
    /// <summary>Whether anything was removed.</summary>
    public bool Redacted => CoordinatesRemoved + UserIdsRemoved + DemonstrationSpansRemoved > 0;
}
