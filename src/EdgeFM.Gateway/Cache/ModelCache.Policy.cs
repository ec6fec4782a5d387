using EdgeFM.Core.Caching;
using EdgeFM.Core.Models;

namespace EdgeFM.Gateway.Cache;

public sealed partial class ModelCache
{
    private double Now => (_time.GetUtcNow() - _started).TotalSeconds;

    /// <summary>Asks the policy about a miss on <paramref name="slot"/>; victims are written to <paramref name="evictions"/>.</summary>
    private CacheDecision DecideLocked(Slot slot, long bytes, double topic, double size, List<ModelId> evictions)
    {
        var spec = _coreCatalog[slot.Ordinal] with { MemoryBytes = bytes };
        var request = new CacheRequest(spec, Now, topic, size);
        return _policy.Decide(request, new LiveView(this), evictions);
    }

    /// <summary>
    /// The live cache as a policy sees it. Loaded and loading models are cached; a model is pinned for the policy when
    /// an operator pinned it, a request holds it, or it is still loading. Built under the cache lock, used only there.
    /// </summary>
    private sealed class LiveView : ICacheView
    {
        private readonly ModelCache _owner;
        private readonly List<Slot> _cached;

        public LiveView(ModelCache owner)
        {
            _owner = owner;
            _cached = [.. owner._slots.Values.Where(s => s.State != ModelState.Unloaded).OrderBy(s => s.Ordinal)];
        }

        public long CapacityBytes => _owner.BudgetBytes;

        public long BytesInUse => _owner._usedBytes;

        public int Count => _cached.Count;

        public CachedModel this[int index]
        {
            get
            {
                var slot = _cached[index];
                var loadedAt = slot.LoadedAt is { } at ? (at - _owner._started).TotalSeconds : _owner.Now;
                var lastUse = slot.LastUse is { } used ? (used - _owner._started).TotalSeconds : loadedAt;
                var pinned = slot.Pinned || slot.InFlight > 0 || slot.State == ModelState.Loading;
                return new CachedModel(new ModelId(slot.Entry.Id), slot.Bytes, loadedAt, lastUse, slot.Seen, pinned);
            }
        }

        public int IndexOf(ModelId id) => _cached.FindIndex(s => string.Equals(s.Entry.Id, id.Value, StringComparison.Ordinal));

        public long RequestCount(ModelId id) => _owner._slots.TryGetValue(id.Value, out var slot) ? slot.Seen : 0;

        public double ContextValue(int index, double time, double topic) => _owner._ageOfContext.Value(_cached[index].Context, time, topic);
    }
}
