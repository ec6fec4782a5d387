namespace EdgeFM.Edge.Location;

/// <summary>An event at a site: a name and when it runs (with the offset the operator wrote).</summary>
public sealed record SiteEvent(string Name, DateTimeOffset Starts, DateTimeOffset Ends);
