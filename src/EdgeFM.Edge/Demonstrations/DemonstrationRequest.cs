namespace EdgeFM.Edge.Demonstrations;

/// <summary>The parts of a request demonstrations are chosen for.</summary>
/// <param name="User">Who asks: only their own and shareable demonstrations may serve them.</param>
/// <param name="Prompt">The request's prompt (the concise prompt for NetGPT).</param>
/// <param name="Topic">The request's topic label, or empty.</param>
public sealed record DemonstrationRequest(UserId User, string Prompt, string Topic = "");
