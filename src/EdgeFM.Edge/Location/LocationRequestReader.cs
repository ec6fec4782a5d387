using System.Text.Json;

namespace EdgeFM.Edge.Location;

/// <summary>
/// Reads a request's location as the OpenAI-compatible API carries it: <c>{"edgefm":{"location":{"lat":..,"lon":..}}}</c>
/// and/or <c>{"edgefm":{"site":".."}}</c> in the body, or the <see cref="HeaderName"/> header (<c>lat,lon</c>). The
/// body's point wins over the header's. Every error is one sentence naming the field, for a 400.
/// </summary>
public static class LocationRequestReader
{
    /// <summary>The header that may carry the point.</summary>
    public const string HeaderName = "x-edgefm-location";

    /// <summary>
    /// Reads the location from the body's <c>edgefm</c> object (<paramref name="edgefm"/>; null or undefined when the body
    /// has none) and the header value (<paramref name="header"/>; null when absent). <paramref name="query"/> is null when
    /// the request gives no location. False with <paramref name="error"/> set for invalid input.
    /// </summary>
    public static bool TryRead(JsonElement? edgefm, string? header, out LocationQuery? query, out string? error)
    {
        query = null;
        error = null;
        GeoPoint? point = null;
        string? site = null;
        if (edgefm is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } body)
        {
            if (body.ValueKind != JsonValueKind.Object)
            {
                error = "edgefm must be an object, for example {\"location\":{\"lat\":48.85,\"lon\":2.35}}.";
                return false;
            }

            if (body.TryGetProperty("location", out var location) && location.ValueKind != JsonValueKind.Null)
            {
                if (location.ValueKind != JsonValueKind.Object)
                {
                    error = "edgefm.location must be an object {\"lat\":..,\"lon\":..} in decimal degrees.";
                    return false;
                }

                if (!TryNumber(location, "lat", out var latitude, ref error) || !TryNumber(location, "lon", out var longitude, ref error))
                {
                    return false;
                }

                if (!GeoPoint.TryCreate(latitude, longitude, out var parsed, out error, "edgefm.location.lat", "edgefm.location.lon"))
                {
                    return false;
                }

                point = parsed;
            }

            if (body.TryGetProperty("site", out var siteElement) && siteElement.ValueKind != JsonValueKind.Null)
            {
                site = siteElement.ValueKind == JsonValueKind.String ? siteElement.GetString()?.Trim() : null;
                if (string.IsNullOrEmpty(site))
                {
                    error = "edgefm.site must be a non-empty string naming a site of this edge.";
                    return false;
                }
            }
        }

        if (point is null && header is not null)
        {
            if (!GeoPoint.TryParse(header, out var fromHeader, out error, HeaderName))
            {
                return false;
            }

            point = fromHeader;
        }

        query = point is null && site is null ? null : new LocationQuery(point, site);
        return true;
    }

    private static bool TryNumber(JsonElement location, string name, out double value, ref string? error)
    {
        value = 0;
        if (location.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out value))
        {
            return true;
        }

        error = $"edgefm.location.{name} must be a number of degrees (got {(element.ValueKind == JsonValueKind.Undefined ? "nothing" : element.GetRawText())}).";
        return false;
    }
}
