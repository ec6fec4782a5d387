using System.Globalization;

namespace EdgeFM.Edge.Location;

/// <summary>
/// The built-in provider: the nearest gazetteer place (great-circle), its country and local time (the place's IANA
/// zone at the injected <see cref="TimeProvider"/>'s now), plus the facts of the operator sites the request matches.
/// A site with a centre stands in for the point when the request names only the site. Thread-safe.
/// </summary>
public sealed class GazetteerLocationProvider : ILocationContextProvider
{
    private readonly Gazetteer _gazetteer;
    private readonly SiteCatalog _sites;
    private readonly TimeProvider _time;

    /// <summary>Creates the provider over <paramref name="gazetteer"/> and optional <paramref name="sites"/>.</summary>
    public GazetteerLocationProvider(Gazetteer gazetteer, SiteCatalog? sites = null, TimeProvider? timeProvider = null)
    {
        _gazetteer = gazetteer ?? throw new ArgumentNullException(nameof(gazetteer));
        _sites = sites ?? SiteCatalog.Empty;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Name => LocationProviderNames.Gazetteer;

    /// <inheritdoc />
    public LocationContext Resolve(LocationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        Site? named = null;
        if (query.SiteId is { } id)
        {
            named = _sites.Find(id) ?? throw new UnknownSiteException(id, _sites.Sites.Select(s => s.Id));
        }

        var point = query.Point ?? named?.Centre ?? (named?.City is { } city ? _gazetteer.Find(city)?.Point : null);
        if (point is null && named is null)
        {
            return LocationContext.None;
        }

        var now = _time.GetUtcNow();
        var facts = new List<LocationFact>();
        NearestPlace? nearest = null;
        DateTimeOffset? local = null;
        if (point is { } p)
        {
            var found = _gazetteer.Nearest(p);
            nearest = found;
            local = TimeZoneInfo.ConvertTime(now, found.Place.TimeZone);
            facts.Add(new LocationFact(LocationFactKind.Place, found.Place.CoarseName));
            facts.Add(new LocationFact(LocationFactKind.Country, found.Place.Country));
            facts.Add(new LocationFact(LocationFactKind.LocalTime, FormatLocalTime(local.Value)));
        }

        foreach (var site in _sites.Sites)
        {
            if (ReferenceEquals(site, named) || (point is { } q && Covers(site, q, nearest)))
            {
                AddSiteFacts(facts, site, now);
            }
        }

        return new LocationContext(nearest, local, facts);
    }

    /// <summary>The local-time fact's text: invariant English, minutes, and the UTC offset, e.g. "Thursday 3 December 2026, 14:05 (UTC+01:00)".</summary>
    public static string FormatLocalTime(DateTimeOffset local) =>
        local.ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " (UTC" + local.ToString("zzz", CultureInfo.InvariantCulture) + ")";

    private static bool Covers(Site site, GeoPoint point, NearestPlace? nearest) =>
        (site.Centre is { } centre && centre.DistanceKm(point) <= site.RadiusKm)
        || (site.City is { } city && nearest is { } n && string.Equals(n.Place.Name, city, StringComparison.OrdinalIgnoreCase));

    private static void AddSiteFacts(List<LocationFact> facts, Site site, DateTimeOffset now)
    {
        facts.Add(new LocationFact(LocationFactKind.Site, site.Name));
        facts.AddRange(site.Venues.Select(v => new LocationFact(LocationFactKind.Venue, v)));
        facts.AddRange(site.Services.Select(s => new LocationFact(LocationFactKind.Service, s)));
        foreach (var e in site.Events)
        {
            // Events matter while they run or when they start within a day; past and far-off ones are noise.
            if (e.Ends > now && e.Starts <= now.AddHours(24))
            {
                var when = e.Starts <= now
                    ? "now, until " + e.Ends.ToString("HH:mm", CultureInfo.InvariantCulture)
                    : e.Starts.ToString("dddd HH:mm", CultureInfo.InvariantCulture) + " to " + e.Ends.ToString("HH:mm", CultureInfo.InvariantCulture);
                facts.Add(new LocationFact(LocationFactKind.Event, $"{e.Name} ({when})"));
            }
        }
    }
}
