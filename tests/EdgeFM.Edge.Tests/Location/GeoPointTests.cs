using EdgeFM.Edge.Location;

namespace EdgeFM.Edge.Tests.Location;

public sealed class GeoPointTests
{
    [Theory]
    [InlineData(90.0001, 0, "edgefm.location.lat is 90.0001")]
    [InlineData(-91, 0, "edgefm.location.lat is -91")]
    [InlineData(double.NaN, 0, "edgefm.location.lat is NaN")]
    [InlineData(0, 180.5, "edgefm.location.lon is 180.5")]
    [InlineData(0, double.PositiveInfinity, "edgefm.location.lon is Infinity")]
    public void Invalid_coordinates_name_the_field_and_value(double lat, double lon, string start)
    {
        Assert.False(GeoPoint.TryCreate(lat, lon, out _, out var error, "edgefm.location.lat", "edgefm.location.lon"));
        Assert.StartsWith(start, error, StringComparison.Ordinal);
        Assert.Contains(lat is >= -90 and <= 90 ? "[-180, 180]" : "[-90, 90]", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_throws_naming_the_parameter()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new GeoPoint(0, -181));
        Assert.Equal("lon", ex.ParamName);
    }

    [Theory]
    [InlineData(90, 180)]
    [InlineData(-90, -180)]
    [InlineData(0, 0)]
    public void Range_ends_are_valid(double lat, double lon) => Assert.True(GeoPoint.TryCreate(lat, lon, out _, out _));

    [Theory]
    [InlineData("48.85,2.35", 48.85, 2.35)]
    [InlineData(" -33.87 , 151.21 ", -33.87, 151.21)]
    public void Header_form_parses(string text, double lat, double lon)
    {
        Assert.True(GeoPoint.TryParse(text, out var point, out _));
        Assert.Equal(new GeoPoint(lat, lon), point);
    }

    [Theory]
    [InlineData("48.85", "must be 'lat,lon'")]
    [InlineData("north,2", "latitude 'north' is not a number")]
    [InlineData("95,2", "x-edgefm-location latitude is 95")]
    public void Bad_header_names_the_header(string text, string expected)
    {
        Assert.False(GeoPoint.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    // Published great-circle distances between city centres (rounded); 1.5% covers the 0.01° rounding of the data.
    [Theory]
    [InlineData("London", "Paris", 344)]
    [InlineData("New York", "Los Angeles", 3936)]
    [InlineData("Sydney", "Melbourne", 714)]
    [InlineData("Tokyo", "Osaka", 397)]
    [InlineData("Madrid", "Barcelona", 505)]
    [InlineData("Cairo", "Johannesburg", 6260)]
    public void Distances_between_known_cities(string a, string b, double km)
    {
        var gazetteer = RepositoryData.Gazetteer;
        var distance = gazetteer.Find(a)!.Point.DistanceKm(gazetteer.Find(b)!.Point);
        Assert.InRange(distance, km * 0.985, km * 1.015);
    }

    [Fact]
    public void Distance_across_the_antimeridian_is_short()
    {
        var west = new GeoPoint(0, 179.5);
        var east = new GeoPoint(0, -179.5);
        Assert.InRange(west.DistanceKm(east), 110, 112.5);
    }

    [Fact]
    public void Any_two_points_at_a_pole_are_the_same_place()
    {
        Assert.InRange(new GeoPoint(90, -120).DistanceKm(new GeoPoint(90, 45)), 0, 1e-6);
        Assert.InRange(new GeoPoint(-90, 0).DistanceKm(new GeoPoint(90, 0)), 20015, 20016);
    }
}
