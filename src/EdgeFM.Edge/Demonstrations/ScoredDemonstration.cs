namespace EdgeFM.Edge.Demonstrations;

/// <summary>A demonstration with its Age-of-Context score for one request.</summary>
/// <param name="Demonstration">The demonstration.</param>
/// <param name="Freshness">Freshness weight in [0, 1] at the request's time (1 when new).</param>
/// <param name="Relevance">User-aware relevance in [0, 1] to the request: lexical relevance × the user affinity (1 for the requesting user's own demonstration, <see cref="AgeOfContextSelector.OtherUserAffinity"/> for another user's; 1 in a snapshot, which has no request).</param>
/// <param name="Score">Freshness × relevance, in [0, 1].</param>
public sealed record ScoredDemonstration(StoredDemonstration Demonstration, double Freshness, double Relevance, double Score);
