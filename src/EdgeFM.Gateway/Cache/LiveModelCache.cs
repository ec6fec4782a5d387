using EdgeFM.Core.Models;
using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Catalog;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Placing;
using EdgeFM.Inference;

namespace EdgeFM.Gateway.Cache;

/// <summary>
/// The gateway's live model cache: a resource manager that reserves, leases, loads and evicts models (and child
/// entries such as LoRA adapters, which live and die with their base model) under a byte budget. It decides nothing:
/// what to load and what to evict come from the request planner, which asks the cache policy over
/// <see cref="Residency"/>; <see cref="AcquireAsync"/> carries a plan out only if it still holds, else answers
/// <see cref="CacheOutcome.Conflict"/> so the planner plans again. Invariants, kept under one lock: reserved bytes
/// never exceed <see cref="BudgetBytes"/> (a load reserves its estimate before it starts; victims are disposed before
/// the reservation); loads are single-flight per entry; an entry leased by a request or pinned by an operator is never
/// evicted; an adapter is never loaded without its base and never outlives it; a lease is granted only while the
/// model file is as it was when it loaded.
/// </summary>
public sealed partial class LiveModelCache : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<Entry> _resident = [];
    private readonly ModelDirectory _catalog;
    private readonly IModelBackendLoader _loader;
    private readonly Func<string, ModelBackend, ServingClients> _pipeline;
    private readonly Action<string> _contextLost;
    private readonly ICacheEventSink? _events;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _shutdown = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _usedBytes;

    /// <summary>Creates an empty cache over <paramref name="catalog"/>; a model whose file cannot be read is listed as failed.</summary>
    /// <param name="catalog">The models that may be loaded.</param>
    /// <param name="loader">Loads model files.</param>
    /// <param name="budgetBytes">Bytes the loaded entries may use together (&gt; 0).</param>
    /// <param name="metrics">Where cache metrics go.</param>
    /// <param name="time">The gateway's clock.</param>
    /// <param name="rates">Where measured load times go.</param>
    /// <param name="contextLost">Called under the cache's lock with a model id whose in-context demonstrations are gone (evicted or reloaded).</param>
    /// <param name="pipeline">Wraps a freshly loaded backend in the serving pipeline, once per load; null serves the backend as is.</param>
    /// <param name="events">Hears loads and evictions (the dashboard's event log), or null.</param>
    public LiveModelCache(
        ModelDirectory catalog,
        IModelBackendLoader loader,
        long budgetBytes,
        GatewayMetrics metrics,
        TimeProvider time,
        ServiceRates rates,
        Action<string>? contextLost = null,
        Func<string, ModelBackend, ServingClients>? pipeline = null,
        ICacheEventSink? events = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budgetBytes);
        _catalog = catalog;
        _loader = loader;
        _metrics = metrics;
        _time = time;
        Rates = rates ?? throw new ArgumentNullException(nameof(rates));
        _contextLost = contextLost ?? (_ => { });
        _events = events;
        _pipeline = pipeline ?? ((_, backend) => new ServingClients(backend.Client, backend.CompletionClient) { Model = backend.Model, Adapter = backend.Adapter });
        BudgetBytes = budgetBytes;
        foreach (var model in catalog.Models)
        {
            var entry = new Entry(model, parent: null, loadChild: null);
            _entries[model.Id] = entry;
            if (model.Failure is not null)
            {
                MarkFailed(entry, model.Failure);
                continue;
            }

            try
            {
                entry.EstimatedBytes = Math.Max(1, loader.EstimateBytes(model));
            }
            catch (Exception ex) when (ex is ModelFileException or IOException or UnauthorizedAccessException or InvalidDataException)
            {
                MarkFailed(entry, FailureText(model.Path, ex));
            }
        }

        metrics.BudgetBytes.Set(budgetBytes);
        metrics.BytesInUse.Set(0);
        metrics.LoadedModels.Set(0);
    }

    /// <summary>Measured service rates; every successful load records its duration here.</summary>
    public ServiceRates Rates { get; }

    /// <summary>The memory budget in bytes.</summary>
    public long BudgetBytes { get; }

    /// <summary>Bytes reserved now by loaded and loading entries; never above <see cref="BudgetBytes"/>.</summary>
    public long UsedBytes
    {
        get
        {
            lock (_gate)
            {
                return _usedBytes;
            }
        }
    }

    /// <summary>The budget, the bytes in use and the resident top-level models in the policy's index order.</summary>
    public ResidencySnapshot Residency()
    {
        lock (_gate)
        {
            var resident = new ResidentModel[_resident.Count];
            for (var i = 0; i < resident.Length; i++)
            {
                var e = _resident[i];
                var evictable = IsEvictableLocked(e);
                resident[i] = new ResidentModel(e.Id, e.FreedByEviction, e.LoadStartedAt, e.LastUse ?? e.LoadStartedAt, evictable);
            }

            return new ResidencySnapshot(BudgetBytes, _usedBytes, resident);
        }
    }

    /// <summary>Bytes <paramref name="id"/> reserves when loaded: measured at its last load, else estimated.</summary>
    public long BytesOf(string id)
    {
        lock (_gate)
        {
            return BytesOfLocked(EntryOf(id));
        }
    }

    /// <summary>
    /// Leases <paramref name="id"/>: at once when it is loaded, after the load when it is loading, or, when it is not
    /// loaded, by evicting exactly <paramref name="victims"/> and loading it — if they are still evictable and free
    /// enough room; otherwise <see cref="CacheOutcome.Conflict"/> and nothing changes. A child entry leases its parent
    /// too. Throws <see cref="KeyNotFoundException"/> for an unknown id.
    /// </summary>
    /// <param name="id">The model or child entry.</param>
    /// <param name="victims">The top-level models the plan evicts to make room (may be empty).</param>
    /// <param name="cancellationToken">Cancels the wait (a load already started finishes for the others).</param>
    public Task<CacheAcquisition> AcquireAsync(string id, IReadOnlyList<ModelId> victims, CancellationToken cancellationToken) =>
        AcquireCoreAsync(id, victims, lease: true, cancellationToken);

    /// <summary>
    /// Like <see cref="AcquireAsync"/>, but takes no lease: the entry is loaded (or found loaded) and left evictable,
    /// for prefetches and operators' loads. Succeeds with <see cref="CacheOutcome.Loaded"/>.
    /// </summary>
    public Task<CacheAcquisition> LoadAsync(string id, IReadOnlyList<ModelId> victims, CancellationToken cancellationToken) =>
        AcquireCoreAsync(id, victims, lease: false, cancellationToken);

    private async Task<CacheAcquisition> AcquireCoreAsync(string id, IReadOnlyList<ModelId> victims, bool lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(victims);
        var entry = EntryOfUnlocked(id);
        var countedMiss = false;
        while (true)
        {
            // A stat per lease, outside the lock: a file copied over a mapped model must never be read again.
            var identity = FileIdentity.Of(entry.Model.Path);
            LoadOperation operation;
            var start = false;
            lock (_gate)
            {
                if (CheckFileLocked(entry, identity) is { } changed)
                {
                    return new CacheAcquisition(CacheOutcome.Failed, null, changed);
                }

                if (entry.Parent is { State: not ModelState.Loaded })
                {
                    return new CacheAcquisition(CacheOutcome.ParentNotLoaded, null);
                }

                switch (entry.State)
                {
                    case ModelState.Failed:
                        return new CacheAcquisition(CacheOutcome.Failed, null, entry.Failure);
                    case ModelState.Loaded when !lease:
                        return new CacheAcquisition(CacheOutcome.Loaded, null);
                    case ModelState.Loaded:
                        if (!countedMiss)
                        {
                            _metrics.CacheHits.Add(1);
                        }

                        return new CacheAcquisition(CacheOutcome.Leased, LeaseLocked(entry, wasHit: !countedMiss));
                    case ModelState.Loading:
                        CountMiss(ref countedMiss, lease);
                        operation = entry.Load!;
                        break;
                    default:
                        CountMiss(ref countedMiss, lease);
                        var bytes = BytesOfLocked(entry);
                        if (bytes > BudgetBytes)
                        {
                            return new CacheAcquisition(CacheOutcome.TooLarge, null);
                        }

                        if (ValidVictimsLocked(victims, bytes, entry) is not { } chosen)
                        {
                            return new CacheAcquisition(CacheOutcome.Conflict, null);
                        }

                        BeginLoadLocked(entry, chosen, identity);
                        operation = entry.Load!;
                        start = true;
                        break;
                }

                if (lease)
                {
                    operation.Waiters++;
                }
            }

            if (start)
            {
                _ = Task.Run(() => RunLoadAsync(entry, operation), CancellationToken.None);
            }

            var result = await AwaitLoadAsync(entry, operation, lease, cancellationToken).ConfigureAwait(false);
            switch (result)
            {
                case LoadResult.Loaded when !lease:
                    return new CacheAcquisition(CacheOutcome.Loaded, null);
                case LoadResult.Loaded:
                    return new CacheAcquisition(CacheOutcome.Leased, new ModelLease(entry.Clients, wasHit: false, () => Release(entry)));
                case LoadResult.Failed:
                    lock (_gate)
                    {
                        return new CacheAcquisition(CacheOutcome.Failed, null, entry.Failure);
                    }

                default:
                    // The load found it needs more than its estimate and the room is gone: plan again with the measured size.
                    return new CacheAcquisition(CacheOutcome.Conflict, null);
            }
        }
    }

    /// <summary>Completes when the cache next changes (a lease ends, a load ends, an entry is evicted or unpinned), or after <paramref name="timeout"/>.</summary>
    public async Task WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_gate)
        {
            changed = _changed.Task;
        }

        if (timeout > TimeSpan.Zero)
        {
            await Task.WhenAny(changed, Task.Delay(timeout, _time, cancellationToken)).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose()
    {
        _shutdown.Cancel();
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
            {
                entry.Backend?.Dispose();
                entry.Backend = null;
                entry.State = entry.State == ModelState.Failed ? ModelState.Failed : ModelState.Unloaded;
            }

            _resident.Clear();
            _usedBytes = 0;
        }

        _shutdown.Dispose();
    }

    private void CountMiss(ref bool counted, bool lease)
    {
        // Hits and misses count requests; a prefetch or an operator's load is neither.
        if (!counted && lease)
        {
            counted = true;
            _metrics.CacheMisses.Add(1);
        }
    }

    private Entry EntryOfUnlocked(string id)
    {
        lock (_gate)
        {
            return EntryOf(id);
        }
    }

    private Entry EntryOf(string id) =>
        _entries.TryGetValue(id, out var entry) ? entry : throw new KeyNotFoundException($"Model '{id}' is not in {_catalog.Root}.");

    private long BytesOfLocked(Entry entry) => entry.MeasuredBytes ?? entry.EstimatedBytes;

    /// <summary>Why opening <paramref name="path"/> failed, naming the file once (readers' messages often name it already).</summary>
    private static string FailureText(string path, Exception ex) =>
        ex.Message.Contains(path, StringComparison.Ordinal) ? ex.Message : $"{path}: {ex.Message}";

    private void MarkFailed(Entry entry, string failure)
    {
        entry.State = ModelState.Failed;
        entry.Failure = failure;
        entry.FailedIdentity = FileIdentity.Of(entry.Model.Path);
    }
}
