using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching;

/// <summary>
/// A read-only view of one edge server's model cache, as a policy sees it. The simulator implements it over its
/// arrays and the gateway over its live cache; a policy must not keep it beyond the call it was passed to.
/// </summary>
public interface ICacheView
{
    /// <summary>Accelerator memory available for models, in bytes.</summary>
    long CapacityBytes { get; }

    /// <summary>Accelerator memory the cached models occupy, in bytes (≤ <see cref="CapacityBytes"/>).</summary>
    long BytesInUse { get; }

    /// <summary>Number of cached models; entries are indexed 0 .. Count − 1.</summary>
    int Count { get; }

    /// <summary>The cached model at <paramref name="index"/>.</summary>
    CachedModel this[int index] { get; }

    /// <summary>The index of <paramref name="id"/> among the cached models, or -1 when it is not cached.</summary>
    int IndexOf(ModelId id);

    /// <summary>Requests for <paramref name="id"/> (cached or not) the server has seen before the current one.</summary>
    long RequestCount(ModelId id);

    /// <summary>
    /// The Age-of-Context value, in effective examples, of the context of the cached model at <paramref name="index"/>
    /// for a request at <paramref name="time"/> seconds on <paramref name="topic"/>.
    /// </summary>
    double ContextValue(int index, double time, double topic);

    /// <summary>
    /// <see cref="ContextValue(int, double, double)"/> when that is below <paramref name="enough"/>; otherwise any value
    /// ≥ <paramref name="enough"/> and ≤ the full value. A view may stop summing a model's examples once they are worth
    /// <paramref name="enough"/> (policies that only compare against a threshold lose nothing); the default sums all.
    /// </summary>
    double ContextValue(int index, double time, double topic, double enough) => ContextValue(index, time, topic);
}
