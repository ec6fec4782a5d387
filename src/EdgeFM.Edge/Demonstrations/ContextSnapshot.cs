using EdgeFM.Core.Models;

namespace EdgeFM.Edge.Demonstrations;

/// <summary>
/// What a model's stored context is worth now (the <c>GET /v1/edge/context/{model}</c> answer): how many demonstrations
/// it holds, their total freshness (the request-independent AoC value: an effective number of brand-new examples), and
/// the newest examples with their freshness as score.
/// </summary>
/// <param name="Model">The model.</param>
/// <param name="Count">Committed demonstrations of the model, every user's.</param>
/// <param name="TotalValue">Σ freshness over the model's demonstrations still within the freshness horizon.</param>
/// <param name="Examples">The newest examples (relevance 1), newest first.</param>
public sealed record ContextSnapshot(ModelId Model, int Count, double TotalValue, IReadOnlyList<ScoredDemonstration> Examples);
