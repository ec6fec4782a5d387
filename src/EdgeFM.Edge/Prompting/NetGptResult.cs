using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Location;
using EdgeFM.Edge.Privacy;

namespace EdgeFM.Edge.Prompting;

/// <summary>The edge stage of a two-stage NetGPT plan.</summary>
/// <param name="Outgoing">The completed prompt after the egress filter: the only text that may go to the cloud (or that the edge model answers).</param>
/// <param name="Completion">The completed prompt before the filter (edge-side only).</param>
/// <param name="Location">The location context (edge-side only: it holds the nearest place's distance).</param>
/// <param name="Selection">The demonstrations chosen and the model's live context value for the request.</param>
/// <param name="Egress">What the filter removed.</param>
public sealed record NetGptResult(string Outgoing, PromptCompletion Completion, LocationContext Location, DemonstrationSelection Selection, EgressResult Egress);
