using EdgeFM.Core.Caching;
using EdgeFM.Core.Context;
using EdgeFM.Core.Models;
using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Catalog;

namespace EdgeFM.Gateway.Cache;

public sealed partial class ModelCache
{
    private CacheOutcome TryBeginLoadLocked(Slot slot, bool mayOffload, double topic, double size)
    {
        var bytes = BytesOf(slot);
        if (bytes > BudgetBytes)
        {
            return CacheOutcome.TooLarge;
        }

        var evictions = new List<ModelId>();
        var decision = DecideLocked(slot, bytes, topic, size, evictions);
        if (mayOffload && decision.Action is CacheAction.Cloud or CacheAction.CloudAndPlace)
        {
            if (decision.Placement is { } placement && _slots.TryGetValue(placement.Id.Value, out var placed) && placed.State == ModelState.Unloaded)
            {
                var placedVictims = ValidVictimsLocked(evictions, BytesOf(placed));
                if (placedVictims is not null)
                {
                    BeginLoadLocked(placed, placedVictims);
                    var operation = placed.Load!;
                    _ = Task.Run(() => RunLoadAsync(placed, operation), CancellationToken.None);
                }
            }

            return CacheOutcome.Offload;
        }

        var policyVictims = decision.Action == CacheAction.LoadAndServe ? ValidVictimsLocked(evictions, bytes) : null;
        var victims = policyVictims ?? LeastRecentlyUsedVictimsLocked(bytes, slot);
        if (victims is null)
        {
            return CacheOutcome.NoRoom;
        }

        BeginLoadLocked(slot, victims);
        return CacheOutcome.Leased;
    }

    private long BytesOf(Slot slot) => slot.MeasuredBytes ?? _loader.EstimateBytes(slot.Entry);

    private void BeginLoadLocked(Slot slot, List<Slot> victims)
    {
        foreach (var victim in victims)
        {
            EvictLocked(victim);
        }

        slot.State = ModelState.Loading;
        slot.Bytes = BytesOf(slot);
        slot.Load = new LoadOperation();
        _usedBytes += slot.Bytes;
        PublishLocked();
    }

    /// <summary>The policy's victims if they are all evictable and free enough room; otherwise null.</summary>
    private List<Slot>? ValidVictimsLocked(List<ModelId> ids, long bytes)
    {
        var victims = new List<Slot>(ids.Count);
        var freed = 0L;
        foreach (var id in ids)
        {
            if (!_slots.TryGetValue(id.Value, out var victim) || !IsEvictableLocked(victim) || victims.Contains(victim))
            {
                return null;
            }

            victims.Add(victim);
            freed += victim.Bytes;
        }

        return _usedBytes - freed + bytes <= BudgetBytes ? victims : null;
    }

    /// <summary>Unpinned loaded models, least recently used first, until <paramref name="bytes"/> fit; null if they never do.</summary>
    private List<Slot>? LeastRecentlyUsedVictimsLocked(long bytes, Slot requested)
    {
        var victims = new List<Slot>();
        var free = BudgetBytes - _usedBytes;
        foreach (var candidate in _slots.Values.Where(s => s != requested && IsEvictableLocked(s)).OrderBy(s => s.LastUse ?? DateTimeOffset.MinValue))
        {
            if (free >= bytes)
            {
                break;
            }

            victims.Add(candidate);
            free += candidate.Bytes;
        }

        return free >= bytes ? victims : null;
    }

    private static bool IsEvictableLocked(Slot slot) => slot.State == ModelState.Loaded && slot.InFlight == 0 && !slot.Pinned;

    private void EvictLocked(Slot victim)
    {
        // Disposed under the lock so the freed bytes are really free before anyone reserves them.
        victim.Backend!.Dispose();
        victim.Backend = null;
        victim.State = ModelState.Unloaded;
        victim.LoadedAt = null;
        _usedBytes -= victim.Bytes;
        victim.Bytes = 0;
        victim.Context.Clear();
        SignalRoomLocked();
        _metrics.Evictions.Add(1, victim.Entry.Id);
        _metrics.ContextValue.Remove(victim.Entry.Id);
    }

    private ModelLease LeaseLocked(Slot slot, bool wasHit)
    {
        slot.InFlight++;
        slot.Requests++;
        slot.LastUse = _time.GetUtcNow();
        return new ModelLease(slot.Entry.Id, slot.Backend!, wasHit, () => Release(slot));
    }

    private void Release(Slot slot)
    {
        lock (_gate)
        {
            ReleaseLocked(slot);
        }
    }

    private void ReleaseLocked(Slot slot)
    {
        slot.InFlight--;
        slot.LastUse = _time.GetUtcNow();
        if (slot.InFlight == 0)
        {
            SignalRoomLocked();
        }
    }

    /// <summary>Wakes requests waiting for room: a model became evictable or bytes were freed.</summary>
    private void SignalRoomLocked()
    {
        var signal = _roomChanged;
        _roomChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        signal.SetResult();
    }

    private List<CachedModelInfo> SnapshotLocked()
    {
        var list = new List<CachedModelInfo>(_slots.Count);
        foreach (var model in _catalog.Models)
        {
            list.Add(InfoLocked(_slots[model.Id]));
        }

        return list;
    }

    private CachedModelInfo InfoLocked(Slot slot) => new(
        slot.Entry.Id,
        slot.State,
        slot.State == ModelState.Unloaded ? slot.MeasuredBytes ?? _loader.EstimateBytes(slot.Entry) : slot.Bytes,
        slot.LoadedAt,
        slot.LastUse,
        slot.Requests,
        slot.InFlight,
        slot.Pinned,
        slot.State == ModelState.Loaded ? ContextValueOf(slot) : 0);

    private void PublishLocked()
    {
        _metrics.BytesInUse.Set(_usedBytes);
        _metrics.LoadedModels.Set(_slots.Values.Count(s => s.State == ModelState.Loaded));
    }

    private sealed class Slot(ModelEntry entry, int ordinal, int contextCapacity)
    {
        public ModelEntry Entry { get; } = entry;

        /// <summary>Index of the model in the policy's catalog.</summary>
        public int Ordinal { get; } = ordinal;

        /// <summary>Demonstrations left by requests served since the model was last loaded.</summary>
        public ContextStore Context { get; } = new(contextCapacity);

        public double LastTopic { get; set; }

        public ModelState State { get; set; }

        public long Bytes { get; set; }

        public long? MeasuredBytes { get; set; }

        public ModelBackend? Backend { get; set; }

        public LoadOperation? Load { get; set; }

        public int InFlight { get; set; }

        public bool Pinned { get; set; }

        public long Requests { get; set; }

        /// <summary>Requests for the model the policy has seen (served here or offloaded).</summary>
        public long Seen { get; set; }

        public DateTimeOffset? LoadedAt { get; set; }

        public DateTimeOffset? LastUse { get; set; }
    }

    private sealed class LoadOperation
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Requests waiting for this load; each is pinned in one step when it succeeds.</summary>
        public int Waiters { get; set; }

        public bool Completed { get; set; }

        public bool Succeeded { get; set; }
    }
}
