namespace EdgeFM.Edge.Location;

/// <summary>
/// Operator facts about a site or area the edge serves. A request matches the site when it names <see cref="Id"/>,
/// when its point lies within <see cref="RadiusKm"/> of <see cref="Centre"/>, or when its nearest gazetteer place is
/// <see cref="City"/>.
/// </summary>
public sealed record Site
{
    /// <summary>The id requests name in <c>edgefm.site</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The name facts use (never coordinates).</summary>
    public required string Name { get; init; }

    /// <summary>Centre of the area the site covers, or null for a site matched only by id or city.</summary>
    public GeoPoint? Centre { get; init; }

    /// <summary>Radius of the covered area around <see cref="Centre"/>, in kilometres.</summary>
    public double RadiusKm { get; init; } = 1;

    /// <summary>Gazetteer place name the site covers as a whole, or null.</summary>
    public string? City { get; init; }

    /// <summary>Venues at the site (free text, one fact each).</summary>
    public IReadOnlyList<string> Venues { get; init; } = [];

    /// <summary>Services at the site (free text, one fact each).</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>Scheduled events.</summary>
    public IReadOnlyList<SiteEvent> Events { get; init; } = [];
}
