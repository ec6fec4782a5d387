namespace EdgeFM.Edge.Location;

/// <summary>The gazetteer place nearest a point and how far it is.</summary>
/// <param name="Place">The nearest place.</param>
/// <param name="DistanceKm">Great-circle distance from the point to the place's centre, in kilometres.</param>
public readonly record struct NearestPlace(GazetteerPlace Place, double DistanceKm);
