using EdgeFM.Core.Context;
using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching;

/// <summary>
/// The simulator's model cache of one edge server over a catalog: which models are loaded, their memory, timestamps, request counts,
/// pins and per-model demonstration stores. Implements <see cref="ICacheView"/> for policies. Every buffer is
/// allocated up front, so serving, loading and evicting allocate nothing. Not thread-safe.
/// </summary>
public sealed partial class SimulatedCache : ICacheView, IDemandView
{
    private readonly ModelCatalog _catalog;
    private readonly AgeOfContext _ageOfContext;
    private readonly CachedModel[] _entries;
    private readonly int[] _entryOrdinals;
    private readonly int[] _positionOfOrdinal;
    private readonly long[] _requestCounts;
    private readonly ContextStore[] _contexts;
    private readonly ContextStore[] _demand;
    private readonly Demonstration[] _slots;
    private readonly int[] _slotOffsets;

    // The ordinal last looked up by id: a policy asks about the requested model several times per decision, and the
    // id's string is usually the catalog's own instance, so a reference check skips the dictionary's hashing.
    private int _lastOrdinal = -1;

    /// <summary>Creates an empty cache of <paramref name="capacityBytes"/> bytes over <paramref name="catalog"/>.</summary>
    public SimulatedCache(ModelCatalog catalog, long capacityBytes, AgeOfContext ageOfContext)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _ageOfContext = ageOfContext ?? throw new ArgumentNullException(nameof(ageOfContext));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        CapacityBytes = capacityBytes;
        _entries = new CachedModel[catalog.Count];
        _entryOrdinals = new int[catalog.Count];
        _positionOfOrdinal = new int[catalog.Count];
        _requestCounts = new long[catalog.Count];
        _contexts = new ContextStore[catalog.Count];
        _demand = new ContextStore[catalog.Count];

        // Every store of this cache lives in one array, each model's context next to its demand history, so serving
        // a request reads one contiguous run (which Prefetch can request ahead) rather than one small array per store.
        var slots = 0;
        for (var ordinal = 0; ordinal < catalog.Count; ordinal++)
        {
            slots += catalog[ordinal].ContextCapacity;
        }

        _slots = new Demonstration[2 * slots];
        _slotOffsets = new int[catalog.Count + 1];
        var offset = 0;
        for (var ordinal = 0; ordinal < catalog.Count; ordinal++)
        {
            var capacity = catalog[ordinal].ContextCapacity;
            _slotOffsets[ordinal] = offset;
            _contexts[ordinal] = new ContextStore(_slots, offset, capacity);
            _demand[ordinal] = new ContextStore(_slots, offset + capacity, capacity);
            offset += 2 * capacity;
        }

        _slotOffsets[catalog.Count] = offset;

        Array.Fill(_positionOfOrdinal, -1);
    }

    /// <inheritdoc />
    public long CapacityBytes { get; }

    /// <inheritdoc />
    public long BytesInUse { get; private set; }

    /// <inheritdoc />
    public int Count { get; private set; }

    /// <inheritdoc />
    public CachedModel this[int index] => _entries[index];

    /// <inheritdoc />
    public int IndexOf(ModelId id)
    {
        // Only catalog models are ever cached, so the catalog's ordinal finds the entry.
        var ordinal = OrdinalOf(id);
        return ordinal < 0 ? -1 : _positionOfOrdinal[ordinal];
    }

    private int OrdinalOf(ModelId id)
    {
        var last = _lastOrdinal;
        if (last >= 0 && ReferenceEquals(_catalog[last].Id.Value, id.Value))
        {
            return last;
        }

        var ordinal = _catalog.OrdinalOf(id);
        _lastOrdinal = ordinal;
        return ordinal;
    }

    /// <summary>
    /// Tells the cache that the next policy decision concerns the model with catalog ordinal <paramref name="ordinal"/>,
    /// so the policy's lookups of that model by id skip hashing its name. Changes no state a policy can observe.
    /// </summary>
    public void ExpectRequestFor(int ordinal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ordinal, _catalog.Count);
        _lastOrdinal = ordinal;
    }

    /// <summary>The cache index of the model with catalog ordinal <paramref name="ordinal"/>, or -1.</summary>
    public int IndexOfOrdinal(int ordinal) => _positionOfOrdinal[ordinal];

    /// <summary>The catalog ordinal of the cached model at <paramref name="index"/>.</summary>
    public int OrdinalAt(int index) => _entryOrdinals[index];

    /// <summary>Requests counted for the model with catalog ordinal <paramref name="ordinal"/> (see <see cref="CountRequest"/>).</summary>
    public long RequestCountOfOrdinal(int ordinal) => _requestCounts[ordinal];

    /// <inheritdoc />
    public long RequestCount(ModelId id)
    {
        var ordinal = OrdinalOf(id);
        return ordinal < 0 ? 0 : _requestCounts[ordinal];
    }

    /// <inheritdoc />
    public double ContextValue(int index, double time, double topic) =>
        _ageOfContext.Value(_contexts[_entryOrdinals[index]], time, topic);

    /// <inheritdoc />
    public double ContextValue(int index, double time, double topic, double enough) =>
        _ageOfContext.Value(_contexts[_entryOrdinals[index]], time, topic, enough);

    /// <inheritdoc />
    public double DemandValue(ModelId id, double time, double topic)
    {
        var ordinal = OrdinalOf(id);
        return ordinal < 0 ? 0 : _ageOfContext.Value(_demand[ordinal], time, topic);
    }

    /// <summary>Records a request for the model with catalog ordinal <paramref name="ordinal"/> in its demand history (see <see cref="IDemandView"/>).</summary>
    public void RecordDemand(int ordinal, Demonstration request)
    {
        _demand[ordinal].Add(request);
    }

    /// <summary>The demonstrations of the cached model at <paramref name="index"/>.</summary>
    public ContextStore ContextOf(int index) => _contexts[_entryOrdinals[index]];

    /// <summary>Counts a request for the model with catalog ordinal <paramref name="ordinal"/> (call after the policy decided).</summary>
    public void CountRequest(int ordinal)
    {
        var count = ++_requestCounts[ordinal];
        var index = _positionOfOrdinal[ordinal];
        if (index >= 0)
        {
            ref var entry = ref _entries[index];
            entry = entry with { RequestCount = count };
        }
    }

    /// <summary>Marks the cached model at <paramref name="index"/> as used at <paramref name="time"/> and records the request's demonstration.</summary>
    public void RecordUse(int index, double time, Demonstration demonstration)
    {
        ref var entry = ref _entries[index];
        entry = entry with { LastUsedAt = time };
        _contexts[_entryOrdinals[index]].Add(demonstration);
    }

    /// <summary>
    /// Loads the model with catalog ordinal <paramref name="ordinal"/> at <paramref name="time"/> with an empty context;
    /// returns its cache index. Throws <see cref="InvalidOperationException"/> when it is cached or does not fit.
    /// </summary>
    public int Load(int ordinal, double time, bool pinned = false)
    {
        var spec = _catalog[ordinal];
        if (_positionOfOrdinal[ordinal] >= 0)
        {
            throw new InvalidOperationException($"Model '{spec.Id}' is already cached.");
        }

        if (BytesInUse + spec.MemoryBytes > CapacityBytes)
        {
            throw new InvalidOperationException(
                $"Model '{spec.Id}' ({spec.MemoryBytes} bytes) does not fit: {BytesInUse} of {CapacityBytes} bytes are in use.");
        }

        var index = Count++;
        _entries[index] = new CachedModel(spec.Id, spec.MemoryBytes, time, time, _requestCounts[ordinal], pinned);
        _entryOrdinals[index] = ordinal;
        _positionOfOrdinal[ordinal] = index;
        BytesInUse += spec.MemoryBytes;
        _contexts[ordinal].Clear();
        return index;
    }

    /// <summary>Evicts <paramref name="id"/>, discarding its context. Throws when it is not cached or is pinned.</summary>
    public void Evict(ModelId id)
    {
        var index = IndexOf(id);
        if (index < 0)
        {
            throw new InvalidOperationException($"Cannot evict model '{id}': it is not cached.");
        }

        if (_entries[index].IsPinned)
        {
            throw new InvalidOperationException($"Cannot evict model '{id}': it is pinned.");
        }

        var ordinal = _entryOrdinals[index];
        BytesInUse -= _entries[index].Bytes;
        _contexts[ordinal].Clear();
        _positionOfOrdinal[ordinal] = -1;

        // Keep entries dense: move the last entry into the freed slot.
        var last = --Count;
        if (index != last)
        {
            _entries[index] = _entries[last];
            _entryOrdinals[index] = _entryOrdinals[last];
            _positionOfOrdinal[_entryOrdinals[index]] = index;
        }

        _entries[last] = default;
    }
}
