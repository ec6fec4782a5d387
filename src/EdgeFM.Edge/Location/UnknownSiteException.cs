namespace EdgeFM.Edge.Location;

/// <summary>A request named a site the edge has no facts for (a 400 naming <c>edgefm.site</c> at the gateway).</summary>
public sealed class UnknownSiteException : Exception
{
    /// <summary>Creates the exception for <paramref name="siteId"/>; <paramref name="known"/> lists the ids the edge knows.</summary>
    public UnknownSiteException(string siteId, IEnumerable<string> known)
        : base($"edgefm.site is '{siteId}', which this edge does not know; known sites: {Describe(known)}.")
    {
        SiteId = siteId;
    }

    /// <summary>The unknown id.</summary>
    public string SiteId { get; }

    private static string Describe(IEnumerable<string> known)
    {
        var list = string.Join(", ", known);
        return list.Length == 0 ? "none (no site file is configured)" : list;
    }
}
