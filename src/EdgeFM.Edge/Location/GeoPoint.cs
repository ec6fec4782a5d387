using System.Globalization;

namespace EdgeFM.Edge.Location;

/// <summary>
/// A point on the Earth in WGS 84 decimal degrees: latitude in [-90, 90] (north positive), longitude in [-180, 180]
/// (east positive). Construction validates both; use <see cref="TryCreate"/> to turn request input into a message
/// naming the field at fault.
/// </summary>
public readonly record struct GeoPoint
{
    /// <summary>Mean Earth radius in kilometres (IUGG), the sphere great-circle distances are computed on.</summary>
    public const double EarthRadiusKm = 6371.0088;

    /// <summary>Creates a point; throws <see cref="ArgumentOutOfRangeException"/> naming <c>lat</c> or <c>lon</c> when out of range or not finite.</summary>
    public GeoPoint(double latitude, double longitude)
    {
        if (Validate(latitude, longitude, "lat", "lon") is { } problem)
        {
            throw new ArgumentOutOfRangeException(problem.Field, problem.Message);
        }

        Latitude = latitude;
        Longitude = longitude;
    }

    /// <summary>Latitude in degrees, [-90, 90].</summary>
    public double Latitude { get; }

    /// <summary>Longitude in degrees, [-180, 180].</summary>
    public double Longitude { get; }

    /// <summary>
    /// Creates a point from request input. On failure <paramref name="error"/> is one sentence naming the field
    /// (<paramref name="latitudeField"/> or <paramref name="longitudeField"/>, e.g. <c>edgefm.location.lat</c>), its value
    /// and the valid range, suitable for a 400 answer.
    /// </summary>
    public static bool TryCreate(double latitude, double longitude, out GeoPoint point, out string? error, string latitudeField = "lat", string longitudeField = "lon")
    {
        if (Validate(latitude, longitude, latitudeField, longitudeField) is { } problem)
        {
            point = default;
            error = problem.Message;
            return false;
        }

        point = new GeoPoint(latitude, longitude);
        error = null;
        return true;
    }

    /// <summary>
    /// Parses <c>"lat,lon"</c> (the <c>x-edgefm-location</c> header form: two invariant-culture decimal numbers separated
    /// by a comma, optional spaces). On failure <paramref name="error"/> names <paramref name="field"/> and the problem.
    /// </summary>
    public static bool TryParse(string? text, out GeoPoint point, out string? error, string field = "x-edgefm-location")
    {
        point = default;
        var parts = (text ?? "").Split(',');
        if (parts.Length != 2)
        {
            error = $"{field} is '{text}'; it must be 'lat,lon' in decimal degrees, for example '48.85,2.35'.";
            return false;
        }

        if (!double.TryParse(parts[0].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude))
        {
            error = $"{field} latitude '{parts[0].Trim()}' is not a number; write 'lat,lon' in decimal degrees, for example '48.85,2.35'.";
            return false;
        }

        if (!double.TryParse(parts[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude))
        {
            error = $"{field} longitude '{parts[1].Trim()}' is not a number; write 'lat,lon' in decimal degrees, for example '48.85,2.35'.";
            return false;
        }

        return TryCreate(latitude, longitude, out point, out error, field + " latitude", field + " longitude");
    }

    /// <summary>
    /// Great-circle distance to <paramref name="other"/> in kilometres on a sphere of <see cref="EarthRadiusKm"/>
    /// (haversine form: accurate for short distances, and longitudes either side of ±180° are as near as they are).
    /// </summary>
    public double DistanceKm(GeoPoint other)
    {
        const double radians = Math.PI / 180;
        var phi1 = Latitude * radians;
        var phi2 = other.Latitude * radians;
        var sinHalfDPhi = Math.Sin((phi2 - phi1) / 2);
        var sinHalfDLambda = Math.Sin((other.Longitude - Longitude) * radians / 2);
        var h = (sinHalfDPhi * sinHalfDPhi) + (Math.Cos(phi1) * Math.Cos(phi2) * sinHalfDLambda * sinHalfDLambda);
        return 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(Math.Min(1, h)));
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Latitude},{Longitude}");

    private static (string Field, string Message)? Validate(double latitude, double longitude, string latitudeField, string longitudeField)
    {
        if (!double.IsFinite(latitude) || latitude is < -90 or > 90)
        {
            return (latitudeField, string.Create(CultureInfo.InvariantCulture, $"{latitudeField} is {latitude}; a latitude must be a number of degrees in [-90, 90] (north positive)."));
        }

        if (!double.IsFinite(longitude) || longitude is < -180 or > 180)
        {
            return (longitudeField, string.Create(CultureInfo.InvariantCulture, $"{longitudeField} is {longitude}; a longitude must be a number of degrees in [-180, 180] (east positive)."));
        }

        return null;
    }
}
