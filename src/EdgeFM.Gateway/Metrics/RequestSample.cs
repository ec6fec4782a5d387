namespace EdgeFM.Gateway.Metrics;

/// <summary>One completed generation, as <see cref="RecentRequests"/> keeps it.</summary>
/// <param name="EndedAt">When its last update arrived.</param>
/// <param name="Placement">Where it ran: <c>edge</c>, <c>cloud</c> or another placement label.</param>
/// <param name="FirstTokenSeconds">Seconds from arrival to its first text; null when it produced none.</param>
/// <param name="LatencySeconds">Seconds from arrival to its end.</param>
public readonly record struct RequestSample(DateTimeOffset EndedAt, string Placement, double? FirstTokenSeconds, double LatencySeconds);
