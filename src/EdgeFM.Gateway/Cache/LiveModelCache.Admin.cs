using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Catalog;

namespace EdgeFM.Gateway.Cache;

public sealed partial class LiveModelCache
{
    /// <summary>Every entry's state: models ordered by id, each followed by its children.</summary>
    public IReadOnlyList<CachedModelInfo> Snapshot()
    {
        lock (_gate)
        {
            var list = new List<CachedModelInfo>(_entries.Count);
            foreach (var model in _catalog.Models)
            {
                var entry = _entries[model.Id];
                list.Add(InfoLocked(entry));
                foreach (var child in entry.Children)
                {
                    list.Add(InfoLocked(child));
                }
            }

            return list;
        }
    }

    /// <summary>State of one entry; throws <see cref="KeyNotFoundException"/> for an unknown id.</summary>
    public CachedModelInfo Describe(string id)
    {
        lock (_gate)
        {
            return InfoLocked(EntryOf(id));
        }
    }

    /// <summary>
    /// Null when <paramref name="id"/> may be served at this edge; otherwise why not: its file failed to load and has
    /// not changed since. A failed entry whose file changed is reset here, so the next plan tries it again.
    /// </summary>
    public string? FailureOf(string id)
    {
        lock (_gate)
        {
            // Only a failed entry needs its file looked at here; a loaded one is checked when it is leased.
            if (EntryOf(id).State != ModelState.Failed)
            {
                return null;
            }
        }

        var identity = FileIdentity.Of(EntryOfUnlocked(id).Model.Path);
        lock (_gate)
        {
            var entry = EntryOf(id);
            CheckFileLocked(entry, identity);
            return entry.State == ModelState.Failed ? entry.Failure : null;
        }
    }

    /// <summary>True when <paramref name="id"/> is an entry of this cache and loaded (serving); false for an unknown id.</summary>
    public bool IsLoaded(string id)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(id, out var entry) && entry.State == ModelState.Loaded;
        }
    }

    /// <summary>True when <paramref name="id"/> is a model or child entry of this cache.</summary>
    public bool Contains(string id)
    {
        lock (_gate)
        {
            return _entries.ContainsKey(id);
        }
    }

    /// <summary>
    /// Unloads <paramref name="id"/> (with its children) if it is loaded, unpinned and idle. Returns null on success (or
    /// when it was not loaded), otherwise why it was refused.
    /// </summary>
    public string? Unload(string id)
    {
        lock (_gate)
        {
            var entry = EntryOf(id);
            switch (entry.State)
            {
                case ModelState.Unloaded or ModelState.Failed:
                    return null;
                case ModelState.Loading:
                    return $"Model '{id}' is loading; unload it once the load finishes.";
                case ModelState.Loaded when entry.Pinned:
                    return $"Model '{id}' is pinned; unpin it first.";
                case ModelState.Loaded when !IsEvictableLocked(entry):
                    return $"Model '{id}' is serving {entry.InFlight} request(s); retry when they finish.";
                default:
                    EvictLocked(entry, "operator");
                    _metrics.Unloads.Add(1, id);
                    PublishLocked();
                    return null;
            }
        }
    }

    /// <summary>Pins <paramref name="id"/> so it is never evicted; false when it is not loaded (load it first).</summary>
    public bool Pin(string id)
    {
        lock (_gate)
        {
            var entry = EntryOf(id);
            if (entry.State != ModelState.Loaded)
            {
                return false;
            }

            entry.Pinned = true;
            return true;
        }
    }

    /// <summary>Removes the operator pin of <paramref name="id"/> (requests in flight still hold it).</summary>
    public void Unpin(string id)
    {
        lock (_gate)
        {
            EntryOf(id).Pinned = false;
            SignalChangedLocked();
        }
    }

    /// <summary>
    /// Registers a child entry (for example a LoRA adapter) of <paramref name="parentId"/>: it reserves
    /// <paramref name="bytes"/> of its own under the same budget when loaded, is loaded by <paramref name="load"/> over
    /// the parent's backend only while the parent is loaded, holds the parent while leased, and is evicted with it.
    /// A <paramref name="child"/> with a <see cref="ModelEntry.Failure"/> is registered as failed. Returns false when an entry with that id exists already.
    /// </summary>
    public bool RegisterChild(ModelEntry child, string parentId, long bytes, Func<ModelBackend, CancellationToken, Task<ModelBackend>> load)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        lock (_gate)
        {
            var parent = EntryOf(parentId);
            if (parent.Parent is not null)
            {
                throw new ArgumentException($"'{parentId}' is itself a child entry; children hang off models only.", nameof(parentId));
            }

            if (_entries.ContainsKey(child.Id))
            {
                return false;
            }

            var entry = new Entry(child, parent, load) { EstimatedBytes = bytes };
            if (child.Failure is not null)
            {
                // Listed, and refused with this reason, like a model whose file failed to open.
                MarkFailed(entry, child.Failure);
            }

            parent.Children.Add(entry);
            _entries[child.Id] = entry;
            return true;
        }
    }

    private CachedModelInfo InfoLocked(Entry entry) => new(
        entry.Id,
        entry.State,
        entry.State is ModelState.Loaded or ModelState.Loading ? entry.Bytes : BytesOfLocked(entry),
        entry.LoadedAt,
        entry.LastUse,
        entry.Requests,
        entry.InFlight,
        entry.Pinned,
        entry.Parent?.Id,
        entry.Failure);
}
