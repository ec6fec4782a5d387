using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Location;

namespace EdgeFM.Edge.Prompting;

/// <summary>A request to personalize: the concise prompt, who asks, on what topic, from where.</summary>
/// <param name="Prompt">The concise prompt as the user wrote it.</param>
/// <param name="User">The requesting user.</param>
/// <param name="Location">The request's point and/or site.</param>
/// <param name="Topic">The request's topic label, or empty.</param>
public sealed record NetGptRequest(string Prompt, UserId User, LocationQuery Location, string Topic = "");
