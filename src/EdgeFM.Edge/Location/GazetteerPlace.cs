namespace EdgeFM.Edge.Location;

/// <summary>A place of the gazetteer: a city or station, its country, centre point and IANA time zone.</summary>
/// <param name="Name">The place's English name, e.g. <c>Paris</c>.</param>
/// <param name="Country">The country or territory's English name, e.g. <c>France</c>.</param>
/// <param name="Point">The place's centre.</param>
/// <param name="TimeZone">The place's time zone (resolved from its IANA id when the gazetteer loads).</param>
public sealed record GazetteerPlace(string Name, string Country, GeoPoint Point, TimeZoneInfo TimeZone)
{
    /// <summary>The coarse place as the completed prompt may name it: <c>Name, Country</c> (never coordinates).</summary>
    public string CoarseName => string.Equals(Name, Country, StringComparison.Ordinal) ? Name : $"{Name}, {Country}";
}
