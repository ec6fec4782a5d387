using System.Globalization;

namespace EdgeFM.Edge.Location;

/// <summary>
/// World places read from a CSV file (<c>data/gazetteer/cities.csv</c>): a header <c>name,country,lat,lon,timezone</c>,
/// then one place per line; lines starting with <c>#</c> and blank lines are skipped. Immutable and thread-safe.
/// </summary>
public sealed class Gazetteer
{
    private const string Header = "name,country,lat,lon,timezone";

    private readonly GazetteerPlace[] _places;

    /// <summary>Creates a gazetteer over <paramref name="places"/> (at least one).</summary>
    public Gazetteer(IEnumerable<GazetteerPlace> places)
    {
        ArgumentNullException.ThrowIfNull(places);
        _places = [.. places];
        if (_places.Length == 0)
        {
            throw new ArgumentException("A gazetteer needs at least one place.", nameof(places));
        }
    }

    /// <summary>The places, in file order.</summary>
    public IReadOnlyList<GazetteerPlace> Places => _places;

    /// <summary>
    /// Reads a gazetteer file. Throws <see cref="EdgeDataException"/> naming the file and line for a missing header,
    /// a wrong number of fields, an invalid coordinate or an unknown time zone id.
    /// </summary>
    public static Gazetteer Load(string path)
    {
        var lines = EdgeDataFile.ReadLines(path, "gazetteer", "pass an existing CSV file such as data/gazetteer/cities.csv.");

        var places = new List<GazetteerPlace>();
        var sawHeader = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (!sawHeader)
            {
                if (!string.Equals(line, Header, StringComparison.Ordinal))
                {
                    throw new EdgeDataException(path, i + 1, $"expected the header '{Header}', found '{line}'.");
                }

                sawHeader = true;
                continue;
            }

            places.Add(ParsePlace(path, i + 1, line));
        }

        if (places.Count == 0)
        {
            throw new EdgeDataException(path, 0, $"no places; write the header '{Header}' and one place per line.");
        }

        return new Gazetteer(places);
    }

    /// <summary>
    /// The place nearest <paramref name="point"/> by great-circle distance (ties: the first in file order). A linear scan:
    /// a few hundred haversines take microseconds, and there is no seam at ±180° or at the poles to get wrong.
    /// </summary>
    public NearestPlace Nearest(GeoPoint point)
    {
        var best = _places[0];
        var bestDistance = point.DistanceKm(best.Point);
        for (var i = 1; i < _places.Length; i++)
        {
            var distance = point.DistanceKm(_places[i].Point);
            if (distance < bestDistance)
            {
                best = _places[i];
                bestDistance = distance;
            }
        }

        return new NearestPlace(best, bestDistance);
    }

    /// <summary>The first place named <paramref name="name"/> (ordinal, case-insensitive), or null.</summary>
    public GazetteerPlace? Find(string name) =>
        Array.Find(_places, p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private static GazetteerPlace ParsePlace(string path, int lineNumber, string line)
    {
        var fields = line.Split(',');
        if (fields.Length != 5)
        {
            throw new EdgeDataException(path, lineNumber, $"expected 5 comma-separated fields ({Header}), found {fields.Length}; names must not contain commas.");
        }

        var name = fields[0].Trim();
        var country = fields[1].Trim();
        if (name.Length == 0 || country.Length == 0)
        {
            throw new EdgeDataException(path, lineNumber, "name and country must not be empty.");
        }

        var latitude = ParseNumber(path, lineNumber, "lat", fields[2]);
        var longitude = ParseNumber(path, lineNumber, "lon", fields[3]);
        if (!GeoPoint.TryCreate(latitude, longitude, out var point, out var error))
        {
            throw new EdgeDataException(path, lineNumber, error!);
        }

        var zoneId = fields[4].Trim();
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new EdgeDataException(path, lineNumber, $"time zone '{zoneId}' is unknown on this system; use an IANA id such as Europe/Paris (the system needs tzdata).", ex);
        }

        return new GazetteerPlace(name, country, point, zone);
    }

    private static double ParseNumber(string path, int lineNumber, string field, string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new EdgeDataException(path, lineNumber, $"{field} '{text.Trim()}' is not a decimal number of degrees.");
}
