using EdgeFM.Edge.Location;

namespace EdgeFM.Edge.Tests.Location;

public sealed class GazetteerLocationProviderTests
{
    // Thursday 3 December 2026, 12:00 UTC.
    private static readonly DateTimeOffset Noon = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private const string Sites = """
        sites:
          - id: stadium
            name: North Stadium
            at: { lat: 48.9245, lon: 2.3602 }
            radius_km: 1.5
            venues: [Gate C food court]
            services: [Free Wi-Fi EdgeNet]
            events:
              - { name: Cup final, starts: "2026-12-03T20:00:00+01:00", ends: "2026-12-03T22:00:00+01:00" }
              - { name: Last week's match, starts: "2026-11-26T20:00:00+01:00", ends: "2026-11-26T22:00:00+01:00" }
              - { name: Next month's concert, starts: "2027-01-10T20:00:00+01:00", ends: "2027-01-10T23:00:00+01:00" }
          - id: paris-transit
            name: Paris transit
            city: Paris
            services: [Metro runs until 01:15]
        """;

    private static GazetteerLocationProvider Create(DateTimeOffset now) =>
        new(RepositoryData.Gazetteer, SiteCatalog.Parse(Sites, "sites.yaml"), new ManualClock(now));

    [Theory]
    [InlineData(48.8566, 2.3522, "Thursday 3 December 2026, 13:00 (UTC+01:00)")]
    [InlineData(-33.8688, 151.2093, "Thursday 3 December 2026, 23:00 (UTC+11:00)")] // summer time in Sydney
    [InlineData(-13.83, -171.76, "Friday 4 December 2026, 01:00 (UTC+13:00)")]     // Samoa, west of the date line in time
    [InlineData(1.87, -157.43, "Friday 4 December 2026, 02:00 (UTC+14:00)")]       // Kiritimati, the earliest zone
    [InlineData(21.31, -157.86, "Thursday 3 December 2026, 02:00 (UTC-10:00)")]    // Honolulu, same longitude band
    [InlineData(-90, 0, "Friday 4 December 2026, 01:00 (UTC+13:00)")]              // the pole keeps New Zealand time
    public void Local_time_comes_from_the_places_zone_at_the_injected_now(double lat, double lon, string expected)
    {
        var context = Create(Noon).Resolve(new LocationQuery(new GeoPoint(lat, lon)));
        Assert.Equal(expected, Assert.Single(context.Facts, f => f.Kind == LocationFactKind.LocalTime).Text);
    }

    [Fact]
    public void A_point_in_a_sites_area_gets_its_facts_and_the_city_facts()
    {
        var context = Create(Noon).Resolve(new LocationQuery(new GeoPoint(48.92, 2.36)));
        Assert.Equal("Paris, France", context.CoarsePlace);
        Assert.Equal(
            [
                (LocationFactKind.Place, "Paris, France"),
                (LocationFactKind.Country, "France"),
                (LocationFactKind.LocalTime, "Thursday 3 December 2026, 13:00 (UTC+01:00)"),
                (LocationFactKind.Site, "North Stadium"),
                (LocationFactKind.Venue, "Gate C food court"),
                (LocationFactKind.Service, "Free Wi-Fi EdgeNet"),
                (LocationFactKind.Event, "Cup final (Thursday 20:00 to 22:00)"),
                (LocationFactKind.Site, "Paris transit"),
                (LocationFactKind.Service, "Metro runs until 01:15"),
            ],
            context.Facts.Select(f => (f.Kind, f.Text)));
    }

    [Fact]
    public void A_running_event_says_now()
    {
        var context = Create(new DateTimeOffset(2026, 12, 3, 19, 30, 0, TimeSpan.Zero)).Resolve(new LocationQuery(null, "stadium"));
        Assert.Contains(context.Facts, f => f is { Kind: LocationFactKind.Event, Text: "Cup final (now, until 22:00)" });
    }

    [Fact]
    public void A_site_alone_stands_in_for_the_point()
    {
        var context = Create(Noon).Resolve(new LocationQuery(null, "STADIUM"));
        Assert.Equal("Paris, France", context.CoarsePlace);
        Assert.Contains(context.Facts, f => f is { Kind: LocationFactKind.Venue, Text: "Gate C food court" });
    }

    [Fact]
    public void A_point_outside_every_site_gets_only_place_facts()
    {
        var context = Create(Noon).Resolve(new LocationQuery(new GeoPoint(51.5, -0.12)));
        Assert.Equal([LocationFactKind.Place, LocationFactKind.Country, LocationFactKind.LocalTime], context.Facts.Select(f => f.Kind));
    }

    [Fact]
    public void No_location_gives_no_facts() =>
        Assert.Same(LocationContext.None, Create(Noon).Resolve(new LocationQuery(null)));

    [Fact]
    public void An_unknown_site_names_the_field_and_the_known_sites()
    {
        var ex = Assert.Throws<UnknownSiteException>(() => Create(Noon).Resolve(new LocationQuery(null, "moon")));
        Assert.Equal("edgefm.site is 'moon', which this edge does not know; known sites: stadium, paris-transit.", ex.Message);
    }

    [Fact]
    public void Facts_never_contain_digits_of_the_requests_coordinates()
    {
        var context = Create(Noon).Resolve(new LocationQuery(new GeoPoint(48.9245, 2.3602)));
        Assert.DoesNotContain(context.Facts, f => f.Text.Contains("48.9", StringComparison.Ordinal) || f.Text.Contains("2.36", StringComparison.Ordinal));
    }
}
