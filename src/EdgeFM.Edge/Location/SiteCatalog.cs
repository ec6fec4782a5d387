using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeFM.Edge.Location;

/// <summary>
/// The operator's site facts, read from an optional YAML or JSON file (JSON is read as YAML, its superset):
/// <code>
/// sites:
///   - id: stadium                     # required, unique
///     name: North Stadium             # required
///     at: { lat: 48.92, lon: 2.36 }   # optional centre, with radius_km (default 1)
///     radius_km: 1.5
///     city: Paris                     # optional: the whole gazetteer place
///     venues: [Gate C food court]
///     services: [Free Wi-Fi "EdgeNet"]
///     events:
///       - { name: Cup final, starts: 2026-12-03T20:00:00+01:00, ends: 2026-12-03T22:00:00+01:00 }
/// </code>
/// Every error names the file and line. Unknown fields are errors, so a misspelt key never goes unnoticed.
/// </summary>
public sealed class SiteCatalog
{
    private static readonly string[] SiteKeys = ["id", "name", "at", "radius_km", "city", "venues", "services", "events"];

    /// <summary>Creates a catalog of <paramref name="sites"/>.</summary>
    public SiteCatalog(IEnumerable<Site> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        Sites = [.. sites];
    }

    /// <summary>A catalog without sites.</summary>
    public static SiteCatalog Empty { get; } = new([]);

    /// <summary>The sites, in file order.</summary>
    public IReadOnlyList<Site> Sites { get; }

    /// <summary>The site with id <paramref name="id"/> (ordinal, case-insensitive), or null.</summary>
    public Site? Find(string id) => Sites.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads a site file; throws <see cref="EdgeDataException"/> naming file and line for bad input.</summary>
    public static SiteCatalog Load(string path)
    {
        return Parse(EdgeDataFile.ReadText(path, "site file", "pass an existing YAML or JSON file of sites (see docs/netgpt.md)."), path);
    }

    /// <summary>Parses site facts from <paramref name="text"/>; <paramref name="name"/> names the source in errors.</summary>
    public static SiteCatalog Parse(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new EdgeDataException(name, (int)ex.Start.Line, $"not valid YAML or JSON: {(ex.InnerException?.Message ?? ex.Message).Trim()}", ex);
        }

        if (stream.Documents.Count == 0)
        {
            return Empty;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root || root.Children.Count != 1 || !root.Children.ContainsKey("sites"))
        {
            throw new EdgeDataException(name, Line(stream.Documents[0].RootNode), "expected one top-level key 'sites:' holding a list of sites.");
        }

        if (root.Children["sites"] is not YamlSequenceNode list)
        {
            throw new EdgeDataException(name, Line(root.Children["sites"]), "'sites' must be a list (each item starts with '- id: ...').");
        }

        var sites = new List<Site>();
        foreach (var item in list)
        {
            var site = ReadSite(name, item);
            if (sites.Any(s => string.Equals(s.Id, site.Id, StringComparison.OrdinalIgnoreCase)))
            {
                throw new EdgeDataException(name, Line(item), $"site id '{site.Id}' appears twice; ids must be unique.");
            }

            sites.Add(site);
        }

        return new SiteCatalog(sites);
    }

    private static Site ReadSite(string name, YamlNode node)
    {
        var map = Mapping(name, node, "a site (id:, name:, and optional at:, radius_km:, city:, venues:, services:, events:)");
        foreach (var key in map.Children.Keys)
        {
            if (!SiteKeys.Contains(Text(name, key), StringComparer.Ordinal))
            {
                throw new EdgeDataException(name, Line(key), $"unknown field '{Text(name, key)}' in a site; known fields: {string.Join(", ", SiteKeys)}.");
            }
        }

        var id = Required(name, map, "id");
        GeoPoint? centre = null;
        if (map.Children.TryGetValue("at", out var at))
        {
            var point = Mapping(name, at, "a point { lat: .., lon: .. }");
            var latitude = Number(name, point, "lat");
            var longitude = Number(name, point, "lon");
            if (!GeoPoint.TryCreate(latitude, longitude, out var parsed, out var error, $"site '{id}' at.lat", $"site '{id}' at.lon"))
            {
                throw new EdgeDataException(name, Line(at), error!);
            }

            centre = parsed;
        }

        var radius = map.Children.ContainsKey("radius_km") ? Number(name, map, "radius_km") : 1;
        if (radius <= 0)
        {
            throw new EdgeDataException(name, Line(map.Children["radius_km"]), $"radius_km of site '{id}' is {radius.ToString(CultureInfo.InvariantCulture)}; it must be a positive number of kilometres.");
        }

        return new Site
        {
            Id = id,
            Name = Required(name, map, "name"),
            Centre = centre,
            RadiusKm = radius,
            City = map.Children.TryGetValue("city", out var city) ? Text(name, city) : null,
            Venues = Strings(name, map, "venues"),
            Services = Strings(name, map, "services"),
            Events = Events(name, map, id),
        };
    }

    private static List<SiteEvent> Events(string name, YamlMappingNode site, string id)
    {
        if (!site.Children.TryGetValue("events", out var node))
        {
            return [];
        }

        if (node is not YamlSequenceNode list)
        {
            throw new EdgeDataException(name, Line(node), $"events of site '{id}' must be a list of {{ name:, starts:, ends: }}.");
        }

        var events = new List<SiteEvent>();
        foreach (var item in list)
        {
            var map = Mapping(name, item, "an event { name:, starts:, ends: }");
            var starts = Time(name, map, "starts");
            var ends = Time(name, map, "ends");
            if (ends < starts)
            {
                throw new EdgeDataException(name, Line(item), $"an event of site '{id}' ends before it starts.");
            }

            events.Add(new SiteEvent(Required(name, map, "name"), starts, ends));
        }

        return events;
    }

    private static DateTimeOffset Time(string name, YamlMappingNode map, string key)
    {
        var text = Required(name, map, key);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) && HasOffset(text)
            ? value
            : throw new EdgeDataException(name, Line(map.Children[key]), $"{key} '{text}' is not a date-time with an offset; write ISO 8601 such as 2026-12-03T20:00:00+01:00.");

        // A time without an offset would be read in the server's zone: ambiguous, so refused.
        static bool HasOffset(string s) => s.EndsWith('Z') || s.LastIndexOfAny(['+', '-']) > s.IndexOf('T', StringComparison.Ordinal);
    }

    private static List<string> Strings(string name, YamlMappingNode map, string key)
    {
        if (!map.Children.TryGetValue(key, out var node))
        {
            return [];
        }

        return node is YamlSequenceNode list
            ? [.. list.Select(item => Text(name, item))]
            : throw new EdgeDataException(name, Line(node), $"'{key}' must be a list of texts, e.g. [Gate C food court, Info desk].");
    }

    private static string Required(string name, YamlMappingNode map, string key)
    {
        if (!map.Children.TryGetValue(key, out var node))
        {
            throw new EdgeDataException(name, Line(map), $"missing required field '{key}'.");
        }

        var text = Text(name, node);
        return text.Length > 0 ? text : throw new EdgeDataException(name, Line(node), $"'{key}' must not be empty.");
    }

    private static double Number(string name, YamlMappingNode map, string key)
    {
        var text = Required(name, map, key);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new EdgeDataException(name, Line(map.Children[key]), $"'{key}' is '{text}'; expected a decimal number.");
    }

    private static YamlMappingNode Mapping(string name, YamlNode node, string expected) =>
        node as YamlMappingNode ?? throw new EdgeDataException(name, Line(node), $"expected {expected}.");

    private static string Text(string name, YamlNode node) =>
        node is YamlScalarNode { Value: { } value } ? value.Trim() : throw new EdgeDataException(name, Line(node), "expected a plain value (text or number), found a list or mapping.");

    private static int Line(YamlNode node) => (int)node.Start.Line;
}
