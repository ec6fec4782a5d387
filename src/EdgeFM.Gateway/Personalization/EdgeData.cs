using EdgeFM.Edge;
using EdgeFM.Edge.Location;
using EdgeFM.Gateway.Configuration;

namespace EdgeFM.Gateway.Personalization;

/// <summary>Opens the gateway's location data: the gazetteer and the optional operator sites.</summary>
public static class EdgeData
{
    /// <summary>
    /// The gazetteer <c>edgefm serve</c> uses without <c>--gazetteer</c>: the copy shipped beside the gateway's assembly
    /// (<c>data/gazetteer/cities.csv</c>), else <c>data/gazetteer/cities.csv</c> under the working directory.
    /// </summary>
    public static string DefaultGazetteer
    {
        get
        {
            var shipped = Path.Combine(AppContext.BaseDirectory, "data", "gazetteer", "cities.csv");
            return File.Exists(shipped) ? shipped : Path.GetFullPath(Path.Combine("data", "gazetteer", "cities.csv"));
        }
    }

    /// <summary>
    /// The location provider of <paramref name="options"/>; a gazetteer or sites file that cannot be read is a
    /// <see cref="GatewayConfigurationException"/> naming the setting and the file's problem (line included).
    /// </summary>
    public static ILocationContextProvider OpenLocations(GatewayOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var gazetteerPath = options.GazetteerPath ?? DefaultGazetteer;
        Gazetteer gazetteer;
        try
        {
            gazetteer = Gazetteer.Load(gazetteerPath);
        }
        catch (EdgeDataException ex)
        {
            throw new GatewayConfigurationException($"--gazetteer {gazetteerPath}: {ex.Message}");
        }

        SiteCatalog? sites = null;
        if (options.SitesPath is { } sitesPath)
        {
            try
            {
                sites = SiteCatalog.Load(sitesPath);
            }
            catch (EdgeDataException ex)
            {
                throw new GatewayConfigurationException($"--sites {sitesPath}: {ex.Message}");
            }
        }

        return new GazetteerLocationProvider(gazetteer, sites, time);
    }
}
