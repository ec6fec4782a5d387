namespace EdgeFM.Edge.Location;

/// <summary>What the edge knows about a request's location: the nearest place (edge-side only) and the facts to insert.</summary>
/// <param name="Nearest">The nearest gazetteer place and its distance, or null when the request gave no point and no site with a centre.</param>
/// <param name="LocalTime">Local time at the place (with the zone's offset), or null without a place.</param>
/// <param name="Facts">The facts, in prompt order: place, country, local time, then site facts.</param>
public sealed record LocationContext(NearestPlace? Nearest, DateTimeOffset? LocalTime, IReadOnlyList<LocationFact> Facts)
{
    /// <summary>No location: no facts.</summary>
    public static LocationContext None { get; } = new(null, null, []);

    /// <summary>The coarse place name a completed prompt may carry ("Paris, France"), or null.</summary>
    public string? CoarsePlace => Nearest?.Place.CoarseName;
}
