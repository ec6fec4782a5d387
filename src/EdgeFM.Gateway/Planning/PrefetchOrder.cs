using EdgeFM.Core.Models;

namespace EdgeFM.Gateway.Planning;

/// <summary>A model the cache policy wants loaded while the request itself goes elsewhere (its CloudAndPlace decision).</summary>
/// <param name="Model">The model to load.</param>
/// <param name="Evictions">The models to evict for it.</param>
public sealed record PrefetchOrder(string Model, IReadOnlyList<ModelId> Evictions);
