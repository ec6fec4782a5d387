using EdgeFM.Edge.Location;

namespace EdgeFM.Edge.Tests.Location;

public sealed class SiteCatalogTests
{
    [Fact]
    public void Json_is_read_like_yaml()
    {
        var catalog = SiteCatalog.Parse("""{"sites":[{"id":"hall","name":"Hall 7","at":{"lat":52.5,"lon":13.4},"services":["Cloakroom"]}]}""", "sites.json");
        var site = Assert.Single(catalog.Sites);
        Assert.Equal(new GeoPoint(52.5, 13.4), site.Centre);
        Assert.Equal(["Cloakroom"], site.Services);
        Assert.Equal(1, site.RadiusKm);
    }

    [Theory]
    [InlineData("sites:\n  - id: a\n    name: A\n    at: { lat: 95, lon: 0 }\n", 4, "site 'a' at.lat is 95")]
    [InlineData("sites:\n  - id: a\n    name: A\n    venue: [x]\n", 4, "unknown field 'venue'")]
    [InlineData("sites:\n  - id: a\n", 2, "missing required field 'name'")]
    [InlineData("sites:\n  - id: a\n    name: A\n  - id: A\n    name: B\n", 4, "site id 'A' appears twice")]
    [InlineData("sites:\n  - id: a\n    name: A\n    radius_km: -2\n", 4, "radius_km of site 'a' is -2")]
    [InlineData("sites:\n  - id: a\n    name: A\n    events:\n      - { name: E, starts: 2026-12-03T20:00:00, ends: 2026-12-03T21:00:00+01:00 }\n", 5, "starts '2026-12-03T20:00:00' is not a date-time with an offset")]
    [InlineData("sites: [\n  {id: a\n", 3, "not valid YAML or JSON")]
    [InlineData("places:\n  - id: a\n", 1, "expected one top-level key 'sites:'")]
    public void Bad_input_names_file_line_and_problem(string text, int line, string expected)
    {
        var ex = Assert.Throws<EdgeDataException>(() => SiteCatalog.Parse(text, "sites.yaml"));
        Assert.Equal(line, ex.Line);
        Assert.StartsWith($"sites.yaml:{line}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_has_no_sites() => Assert.Empty(SiteCatalog.Parse("", "empty.yaml").Sites);

    [Fact]
    public void A_missing_file_is_one_error_naming_it()
    {
        var ex = Assert.Throws<EdgeDataException>(() => SiteCatalog.Load("/nonexistent/sites.yaml"));
        Assert.StartsWith("/nonexistent/sites.yaml: cannot read the site file", ex.Message, StringComparison.Ordinal);
    }
}
