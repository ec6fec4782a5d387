using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching;

/// <summary>
/// A cache view that shows some of another view's models as pinned, so that any policy, which must never evict a
/// pinned model, leaves them alone. Everything else reads through to the underlying view (including the bounded
/// context scan and <see cref="IDemandView"/>, so a policy decides exactly as on the underlying view otherwise).
/// Reused across decisions to avoid allocating; not thread-safe.
/// </summary>
internal sealed class PinnedOverlayView : ICacheView, IDemandView
{
    private ICacheView _inner = null!;
    private bool[] _pinned = [];

    /// <summary>Shows <paramref name="inner"/> with the entries whose index is true in <paramref name="pinned"/> pinned.</summary>
    public PinnedOverlayView Over(ICacheView inner, bool[] pinned)
    {
        _inner = inner;
        _pinned = pinned;
        return this;
    }

    public long CapacityBytes => _inner.CapacityBytes;

    public long BytesInUse => _inner.BytesInUse;

    public int Count => _inner.Count;

    public CachedModel this[int index]
    {
        get
        {
            var entry = _inner[index];
            return _pinned[index] && !entry.IsPinned ? entry with { IsPinned = true } : entry;
        }
    }

    public int IndexOf(ModelId id) => _inner.IndexOf(id);

    public long RequestCount(ModelId id) => _inner.RequestCount(id);

    public double ContextValue(int index, double time, double topic) => _inner.ContextValue(index, time, topic);

    public double ContextValue(int index, double time, double topic, double enough) => _inner.ContextValue(index, time, topic, enough);

    // A view without demand history adds nothing to a model's worth, exactly as if the policy had not found IDemandView.
    public double DemandValue(ModelId id, double time, double topic) => _inner is IDemandView demand ? demand.DemandValue(id, time, topic) : 0;
}
