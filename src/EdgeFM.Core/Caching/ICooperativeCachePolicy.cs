using System.Diagnostics.CodeAnalysis;
using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching;

/// <summary>
/// A cache policy for an edge in a cluster: it decides requests like <see cref="ICachePolicy"/> (usually by delegating
/// to <see cref="Inner"/>) with the cluster in view, and may prefetch models before they are asked for.
/// </summary>
public interface ICooperativeCachePolicy : ICachePolicy
{
    /// <summary>The policy that decides single requests (LC, LFU, ...).</summary>
    ICachePolicy Inner { get; }

    /// <summary>
    /// Asks whether the edge whose cache is <paramref name="cache"/> should load a model now, at
    /// <paramref name="time"/> seconds, before any request for it arrives. On true, <paramref name="model"/> is the model
    /// to load and <paramref name="evictions"/> (passed empty) holds the models to evict first; on false, nothing
    /// changes. The caller loads the model (and pays for the load) like any other.
    /// </summary>
    bool TryPrefetch(ICacheView cache, double time, ICollection<ModelId> evictions, [NotNullWhen(true)] out ModelSpec? model);
}
