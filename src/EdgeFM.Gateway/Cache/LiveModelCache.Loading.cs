using EdgeFM.Core.Models;
using EdgeFM.Gateway.Backends;

namespace EdgeFM.Gateway.Cache;

public sealed partial class LiveModelCache
{
    /// <summary>
    /// Notices a model file that changed on disk. A loaded copy nobody uses is evicted at once (the caller then loads
    /// the file as it is now); one in use is marked stale and unloaded when its last lease ends, and the request is
    /// refused meanwhile. A failed entry whose file changed gets another try. Returns the refusal, or null.
    /// </summary>
    private string? CheckFileLocked(Entry entry, FileIdentity now)
    {
        if (entry.State == ModelState.Failed && now != entry.FailedIdentity && entry.Model.Failure is null)
        {
            entry.State = ModelState.Unloaded;
            entry.Failure = null;
            entry.MeasuredBytes = null;
        }

        if (entry.State != ModelState.Loaded || now == entry.LoadedIdentity)
        {
            return null;
        }

        if (entry.InFlight == 0)
        {
            EvictLocked(entry, "file changed");
            entry.MeasuredBytes = null;
            PublishLocked();
            return null;
        }

        entry.Stale = true;
        return $"The file of model '{entry.Id}' ({entry.Model.Path}) changed on disk while {entry.InFlight} request(s) use the loaded copy; it is reloaded once they finish. Retry shortly.";
    }

    /// <summary>
    /// The plan's victims if they are all evictable, distinct and free enough room for <paramref name="bytes"/>; else
    /// null. A victim may be a child entry (an idle adapter) but not the requested entry's own parent, nor a child
    /// listed with its parent (evicting the parent frees it already).
    /// </summary>
    private List<Entry>? ValidVictimsLocked(IReadOnlyList<ModelId> victims, long bytes, Entry requested)
    {
        var chosen = new List<Entry>(victims.Count);
        var freed = 0L;
        foreach (var id in victims)
        {
            if (!_entries.TryGetValue(id.Value, out var victim) || victim == requested || victim == requested.Parent
                || !IsEvictableLocked(victim) || chosen.Contains(victim)
                || (victim.Parent is { } parent && victims.Contains(new ModelId(parent.Id))))
            {
                return null;
            }

            chosen.Add(victim);
            freed += victim.FreedByEviction;
        }

        return _usedBytes - freed + bytes <= BudgetBytes ? chosen : null;
    }

    /// <summary>Loaded, idle and unpinned, with no child in use or loading (a child's load reads its parent's backend).</summary>
    private static bool IsEvictableLocked(Entry entry) =>
        entry.State == ModelState.Loaded && entry.InFlight == 0 && !entry.Pinned && entry.Children.All(c => c.InFlight == 0 && c.State != ModelState.Loading);

    private void BeginLoadLocked(Entry entry, List<Entry> victims, FileIdentity identity)
    {
        foreach (var victim in victims)
        {
            EvictLocked(victim, "policy", entry.Id);
        }

        var now = _time.GetUtcNow();
        entry.State = ModelState.Loading;
        entry.Bytes = BytesOfLocked(entry);
        entry.Load = new LoadOperation();
        entry.LoadStartedAt = now;
        entry.LastUse = now;
        entry.LoadedIdentity = identity;
        _usedBytes += entry.Bytes;
        if (entry.Parent is null)
        {
            _resident.Add(entry);
        }

        // A model starts with an empty context, as in the simulator: whatever it knew went with its last eviction.
        _contextLost(entry.Id);
        _events?.LoadStarted(entry.Id, entry.Bytes);
        PublishLocked();
    }

    private async Task RunLoadAsync(Entry entry, LoadOperation operation)
    {
        var started = _time.GetTimestamp();
        ModelBackend? backend = null;
        string? failure = null;
        try
        {
            backend = entry.LoadChild is { } loadChild
                ? await loadChild(entry.Parent!.Backend!, _shutdown.Token).ConfigureAwait(false)
                : await _loader.LoadAsync(entry.Model, _shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            failure = "the gateway is shutting down";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            failure = FailureText(entry.Model.Path, ex);
        }

        var clients = backend is null ? default : _pipeline(entry.Id, backend);
        LoadResult result;
        long loadedBytes;
        lock (_gate)
        {
            result = failure is null ? CommitLoadLocked(entry, backend!, clients) : LoadResult.Failed;
            loadedBytes = result == LoadResult.Loaded ? entry.Bytes : 0;
            if (result != LoadResult.Loaded)
            {
                _usedBytes -= entry.Bytes;
                entry.Bytes = 0;
                entry.State = ModelState.Unloaded;
                _resident.Remove(entry);
                if (result == LoadResult.Failed)
                {
                    MarkFailed(entry, failure!);
                    entry.FailedIdentity = entry.LoadedIdentity;
                }
            }
            else
            {
                entry.InFlight += operation.Waiters;
                entry.Requests += operation.Waiters;
                if (entry.Parent is { } parent)
                {
                    parent.InFlight += operation.Waiters;
                }
            }

            operation.Completed = true;
            operation.Result = result;
            entry.Load = null;
            SignalChangedLocked();
            PublishLocked();
        }

        var seconds = _time.GetElapsedTime(started).TotalSeconds;
        _metrics.Loads.Add(1, entry.Id, result == LoadResult.Loaded ? "ok" : "failed");
        _metrics.LoadSeconds.Observe(seconds, entry.Id);
        _events?.LoadFinished(entry.Id, loadedBytes, seconds, result switch
        {
            LoadResult.Loaded => null,
            LoadResult.Failed => failure,
            _ => "larger than estimated and the room is gone; planned again",
        });
        if (result == LoadResult.Loaded)
        {
            Rates.RecordLoad(entry.Id, seconds);
        }

        operation.Completion.SetResult(result);
    }

    private LoadResult CommitLoadLocked(Entry entry, ModelBackend backend, ServingClients clients)
    {
        entry.MeasuredBytes = backend.Bytes;
        var others = _usedBytes - entry.Bytes;
        if (others + backend.Bytes > BudgetBytes)
        {
            // Larger than estimated and the rest of the budget is taken: give the room back and let the planner retry
            // with the measured size.
            backend.Dispose();
            return LoadResult.Conflict;
        }

        _usedBytes = others + backend.Bytes;
        entry.Bytes = backend.Bytes;
        entry.Backend = backend;
        entry.Clients = clients;
        entry.State = ModelState.Loaded;
        entry.LoadedAt = _time.GetUtcNow();
        return LoadResult.Loaded;
    }

    private async Task<LoadResult> AwaitLoadAsync(Entry entry, LoadOperation operation, bool leased, CancellationToken cancellationToken)
    {
        try
        {
            return await operation.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_gate)
            {
                // A load without a lease holds nothing, so there is nothing to give back.
                if (leased && !operation.Completed)
                {
                    operation.Waiters--;
                }
                else if (leased && operation.Result == LoadResult.Loaded)
                {
                    // The load already leased the model for this waiter.
                    ReleaseLocked(entry);
                }
            }

            throw;
        }
    }

    /// <summary>Evicts <paramref name="entry"/> and its children, disposing them under the lock so the bytes are free before anyone reserves them.</summary>
    private void EvictLocked(Entry entry, string reason, string? forModel = null)
    {
        _events?.Evicted(entry.Id, entry.Bytes, reason, forModel);
        foreach (var child in entry.Children)
        {
            if (child.State == ModelState.Loaded)
            {
                EvictLocked(child, "base model evicted");
            }
        }

        entry.Backend?.Dispose();
        entry.Backend = null;
        entry.Clients = default;
        entry.State = ModelState.Unloaded;
        entry.LoadedAt = null;
        entry.Stale = false;
        _usedBytes -= entry.Bytes;
        entry.Bytes = 0;
        var index = _resident.IndexOf(entry);
        if (index >= 0)
        {
            // The simulator's cache keeps its entries dense by moving the last into the freed place; so does this
            // list, so a policy sees the same index order (and breaks score ties the same way) on both.
            _resident[index] = _resident[^1];
            _resident.RemoveAt(_resident.Count - 1);
        }

        _contextLost(entry.Id);
        SignalChangedLocked();
        _metrics.Evictions.Add(1, entry.Id, reason);
    }

    private ModelLease LeaseLocked(Entry entry, bool wasHit)
    {
        entry.InFlight++;
        entry.Requests++;
        entry.LastUse = _time.GetUtcNow();
        if (entry.Parent is { } parent)
        {
            parent.InFlight++;
            parent.LastUse = entry.LastUse;
        }

        return new ModelLease(entry.Clients, wasHit, () => Release(entry));
    }

    private void Release(Entry entry)
    {
        lock (_gate)
        {
            ReleaseLocked(entry);
        }
    }

    private void ReleaseLocked(Entry entry)
    {
        entry.InFlight--;
        if (entry.Parent is { } parent)
        {
            parent.InFlight--;
            UnloadIfStaleLocked(parent);
        }

        UnloadIfStaleLocked(entry);
        SignalChangedLocked();
    }

    private void UnloadIfStaleLocked(Entry entry)
    {
        if (entry.Stale && entry.InFlight == 0 && entry.State == ModelState.Loaded)
        {
            EvictLocked(entry, "file changed");
            entry.MeasuredBytes = null;
            PublishLocked();
        }
    }

    /// <summary>Wakes whoever waits for the cache to change: room may have been freed or a model may have become evictable.</summary>
    private void SignalChangedLocked()
    {
        var signal = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        signal.SetResult();
    }

    private void PublishLocked()
    {
        _metrics.BytesInUse.Set(_usedBytes);
        _metrics.LoadedModels.Set(_entries.Values.Count(e => e.State == ModelState.Loaded && e.Parent is null));
    }
}
