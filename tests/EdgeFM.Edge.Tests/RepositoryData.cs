using EdgeFM.Edge.Location;
using EdgeFM.TestSupport;

namespace EdgeFM.Edge.Tests;

/// <summary>The data files the repository ships, loaded once.</summary>
internal static class RepositoryData
{
    private static readonly Lazy<Gazetteer> GazetteerLazy = new(() => Gazetteer.Load(GazetteerPath));

    public static string GazetteerPath => Path.Combine(SharedPaths.RepositoryRoot, "data", "gazetteer", "cities.csv");

    public static Gazetteer Gazetteer => GazetteerLazy.Value;
}
