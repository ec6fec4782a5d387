namespace EdgeFM.Edge.Location;

/// <summary>Turns a request's location into location-based facts.</summary>
public interface ILocationContextProvider
{
    /// <summary>The provider's name (see <see cref="LocationProviderNames"/>).</summary>
    string Name { get; }

    /// <summary>
    /// The context of <paramref name="query"/> at the provider's current time. Throws
    /// <see cref="UnknownSiteException"/> when the query names a site the provider does not know.
    /// </summary>
    LocationContext Resolve(LocationQuery query);
}
