namespace EdgeFM.Edge.Location;

/// <summary>Where a request comes from, as the request said it: a point, a site id, both, or neither.</summary>
/// <param name="Point">The request's point (<c>edgefm.location</c> or the <c>x-edgefm-location</c> header), or null.</param>
/// <param name="SiteId">The request's site (<c>edgefm.site</c>), or null.</param>
public sealed record LocationQuery(GeoPoint? Point, string? SiteId = null);
