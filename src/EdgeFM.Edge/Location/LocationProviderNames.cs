namespace EdgeFM.Edge.Location;

/// <summary>Names of the built-in location context providers.</summary>
public static class LocationProviderNames
{
    /// <summary><see cref="GazetteerLocationProvider"/>: the repository's gazetteer plus optional operator site facts.</summary>
    public const string Gazetteer = "gazetteer";
}
