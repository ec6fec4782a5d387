using System.Text.Json;
using EdgeFM.Edge.Location;

namespace EdgeFM.Edge.Tests.Location;

public sealed class LocationRequestReaderTests
{
    private static JsonElement? Edgefm(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();

    [Theory]
    [InlineData("""{"location":{"lat":48.85,"lon":2.35}}""", null, 48.85, 2.35, null)]
    [InlineData("""{"site":" stadium "}""", null, null, null, "stadium")]
    [InlineData("""{"location":{"lat":-90,"lon":180},"site":"pole"}""", "1,1", -90.0, 180.0, "pole")]
    [InlineData(null, "-33.87, 151.21", -33.87, 151.21, null)]
    [InlineData("""{"site":"stadium"}""", "0,0", 0.0, 0.0, "stadium")]
    public void Valid_locations_are_read(string? body, string? header, double? lat, double? lon, string? site)
    {
        Assert.True(LocationRequestReader.TryRead(Edgefm(body), header, out var query, out var error), error);
        Assert.Equal(lat is null ? null : new GeoPoint(lat.Value, lon!.Value), query!.Point);
        Assert.Equal(site, query.SiteId);
    }

    [Fact]
    public void No_location_is_no_query()
    {
        Assert.True(LocationRequestReader.TryRead(Edgefm("""{"personalize":true}"""), null, out var query, out _));
        Assert.Null(query);
        Assert.True(LocationRequestReader.TryRead(null, null, out query, out _));
        Assert.Null(query);
    }

    [Theory]
    [InlineData("""{"location":{"lat":91,"lon":0}}""", null, "edgefm.location.lat is 91;")]
    [InlineData("""{"location":{"lat":1,"lon":-180.5}}""", null, "edgefm.location.lon is -180.5;")]
    [InlineData("""{"location":{"lat":"48.85","lon":2}}""", null, "edgefm.location.lat must be a number of degrees (got \"48.85\").")]
    [InlineData("""{"location":{"lat":1}}""", null, "edgefm.location.lon must be a number of degrees (got nothing).")]
    [InlineData("""{"location":[48.85,2.35]}""", null, "edgefm.location must be an object")]
    [InlineData("""{"site":""}""", null, "edgefm.site must be a non-empty string")]
    [InlineData("""{"site":7}""", null, "edgefm.site must be a non-empty string")]
    [InlineData("""[1]""", null, "edgefm must be an object")]
    [InlineData(null, "48.85;2.35", "x-edgefm-location is '48.85;2.35'; it must be 'lat,lon'")]
    [InlineData(null, "95,2", "x-edgefm-location latitude is 95;")]
    public void Invalid_locations_name_the_field(string? body, string? header, string expected)
    {
        Assert.False(LocationRequestReader.TryRead(Edgefm(body), header, out var query, out var error));
        Assert.Null(query);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }
}
