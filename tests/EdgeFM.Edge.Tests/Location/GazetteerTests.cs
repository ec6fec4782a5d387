using EdgeFM.Edge.Location;
using EdgeFM.TestSupport;

namespace EdgeFM.Edge.Tests.Location;

public sealed class GazetteerTests
{
    private static readonly Gazetteer World = RepositoryData.Gazetteer;

    [Fact]
    public void The_shipped_file_has_several_hundred_places_with_known_zones()
    {
        Assert.InRange(World.Places.Count, 400, 2000);
        Assert.All(World.Places, p => Assert.NotEqual(TimeZoneInfo.Utc, p.TimeZone));
        Assert.Equal(World.Places.Count, World.Places.Select(p => p.CoarseName).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(48.8566, 2.3522, "Paris", "France")]
    [InlineData(40.7128, -74.0060, "New York", "United States")]
    [InlineData(-33.8688, 151.2093, "Sydney", "Australia")]
    [InlineData(35.6762, 139.6503, "Tokyo", "Japan")]
    [InlineData(-1.2921, 36.8219, "Nairobi", "Kenya")]
    [InlineData(-22.9068, -43.1729, "Rio de Janeiro", "Brazil")]
    [InlineData(64.1466, -21.9426, "Reykjavik", "Iceland")]
    public void Known_cities_are_their_own_nearest_place(double lat, double lon, string name, string country)
    {
        var nearest = World.Nearest(new GeoPoint(lat, lon));
        Assert.Equal(name, nearest.Place.Name);
        Assert.Equal(country, nearest.Place.Country);
        Assert.InRange(nearest.DistanceKm, 0, 5);
    }

    [Theory]
    [InlineData(-120)]
    [InlineData(0)]
    [InlineData(45)]
    [InlineData(180)]
    public void At_the_north_pole_every_longitude_gives_the_northernmost_settlement(double lon)
    {
        var nearest = World.Nearest(new GeoPoint(90, lon));
        Assert.Equal("Alert", nearest.Place.Name);
        Assert.InRange(nearest.DistanceKm, 830, 837); // 7.5 degrees of latitude
    }

    [Theory]
    [InlineData(-180)]
    [InlineData(0)]
    [InlineData(97.5)]
    public void At_the_south_pole_every_longitude_gives_the_pole_station(double lon)
    {
        var nearest = World.Nearest(new GeoPoint(-90, lon));
        Assert.Equal("Amundsen-Scott South Pole Station", nearest.Place.Name);
        Assert.InRange(nearest.DistanceKm, 0, 1e-6);
    }

    [Fact]
    public void Null_island_is_nearest_accra()
    {
        var nearest = World.Nearest(new GeoPoint(0, 0));
        Assert.Equal("Accra", nearest.Place.Name);
        Assert.InRange(nearest.DistanceKm, 615, 630);
    }

    [Theory]
    [InlineData(-17.0, -179.9, "Labasa", "Fiji")]        // west of the line, nearest east of it
    [InlineData(52.0, 179.9, "Adak", "United States")]   // east of the line, nearest west of it
    [InlineData(-44.0, 179.9, "Waitangi", "New Zealand")]
    [InlineData(-44.0, -180, "Waitangi", "New Zealand")]
    public void Nearest_place_is_found_across_the_antimeridian(double lat, double lon, string name, string country)
    {
        var nearest = World.Nearest(new GeoPoint(lat, lon));
        Assert.Equal(name, nearest.Place.Name);
        Assert.Equal(country, nearest.Place.Country);
        Assert.InRange(nearest.DistanceKm, 0, 300);
    }

    [Fact]
    public void A_bad_line_is_reported_with_file_and_line()
    {
        using var directory = new TempDirectory();
        var path = directory.File("bad.csv");
        File.WriteAllLines(path, ["# comment", "name,country,lat,lon,timezone", "Paris,France,48.86,2.35,Europe/Paris", "Nowhere,Land,91,0,Europe/Paris"]);
        var ex = Assert.Throws<EdgeDataException>(() => Gazetteer.Load(path));
        Assert.Equal(4, ex.Line);
        Assert.StartsWith($"{path}:4: lat is 91", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Paris,France,48.86,2.35,Mars/Olympus", "time zone 'Mars/Olympus' is unknown")]
    [InlineData("Paris,France,48.86", "expected 5 comma-separated fields")]
    [InlineData("Paris,France,north,2.35,Europe/Paris", "lat 'north' is not a decimal number")]
    public void Bad_fields_are_named(string line, string expected)
    {
        using var directory = new TempDirectory();
        var path = directory.File("bad.csv");
        File.WriteAllLines(path, ["name,country,lat,lon,timezone", line]);
        var ex = Assert.Throws<EdgeDataException>(() => Gazetteer.Load(path));
        Assert.Equal(2, ex.Line);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
