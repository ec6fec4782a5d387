using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Location;

namespace EdgeFM.Edge.Privacy;

/// <summary>What the egress filter must keep in: the request's point, the user ids in play, other users' demonstrations.</summary>
public sealed record EgressContext
{
    /// <summary>The request's point, or null. Any decimal number within <see cref="EgressFilter.PointTolerance"/> degrees of its latitude or longitude is removed.</summary>
    public GeoPoint? Location { get; init; }

    /// <summary>User ids that must not leave: the requester's and those of every demonstration the edge used.</summary>
    public IReadOnlyCollection<UserId> UserIds { get; init; } = [];

    /// <summary>Demonstrations of other users the edge model saw (shareable or not): no run of their words may leave.</summary>
    public IReadOnlyCollection<StoredDemonstration> ForeignDemonstrations { get; init; } = [];

    /// <summary>
    /// Texts the request itself owns (its prompt, facts, template text): word runs they contain are not evidence of a
    /// foreign demonstration, and where one stands verbatim in the outgoing text its words are never cut as part of a
    /// foreign run (coordinates and user ids inside it are still removed: those rules run first).
    /// </summary>
    public IReadOnlyCollection<string> OwnTexts { get; init; } = [];
}
