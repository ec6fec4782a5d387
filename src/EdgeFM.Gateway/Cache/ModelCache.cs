using System.Diagnostics;
using EdgeFM.Core.Caching;
using EdgeFM.Core.Context;
using EdgeFM.Core.Models;
using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Catalog;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Placing;

namespace EdgeFM.Gateway.Cache;

/// <summary>
/// The live model cache of one gateway. Invariants, all kept under one lock:
/// the bytes reserved by loaded and loading models never exceed <see cref="BudgetBytes"/> (a load reserves its
/// estimate before it starts, victims are disposed before the reservation); loads are single-flight per model
/// (concurrent requests for a loading model wait for that load); a model held by a lease or pinned by an operator is
/// never evicted. Load, evict and offload decisions come from the same <see cref="ICachePolicy"/> classes the simulator runs.
/// </summary>
public sealed partial class ModelCache : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly ModelDirectory _catalog;
    private readonly IModelBackendLoader _loader;
    private readonly ICachePolicy _policy;
    private readonly Core.Models.ModelCatalog _coreCatalog;
    private readonly AgeOfContext _ageOfContext;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _started;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TimeSpan _roomWait;
    private TaskCompletionSource _roomChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _usedBytes;

    /// <summary>Creates an empty cache over <paramref name="catalog"/>.</summary>
    /// <param name="catalog">The models that may be loaded.</param>
    /// <param name="loader">Loads model files.</param>
    /// <param name="settings">Policy name, seed and Age-of-Context parameters.</param>
    /// <param name="budgetBytes">Bytes the loaded models may use together (&gt; 0).</param>
    /// <param name="metrics">Where cache metrics go.</param>
    /// <param name="time">Clock for timestamps and the policy's notion of time.</param>
    /// <param name="rates">Where measured load times go (a fresh tracker when null).</param>
    public ModelCache(ModelDirectory catalog, IModelBackendLoader loader, CachePolicySettings settings, long budgetBytes, GatewayMetrics metrics, TimeProvider time, ServiceRates? rates = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budgetBytes);
        _catalog = catalog;
        _loader = loader;
        _metrics = metrics;
        _time = time;
        _started = time.GetUtcNow();
        BudgetBytes = budgetBytes;
        Rates = rates ?? new ServiceRates(1);
        _roomWait = settings.RoomWait;
        _coreCatalog = new Core.Models.ModelCatalog(catalog.Models.Select(m => new ModelSpec
        {
            Id = new ModelId(m.Id),
            MemoryBytes = Math.Max(1, loader.EstimateBytes(m)),
            ContextCapacity = settings.ContextCapacity,
        }));
        _policy = new CachePolicyFactory().Create(settings.Policy, _coreCatalog, settings.Seed);
        _ageOfContext = AgeOfContext.CreateDefault(settings.ContextWindow.TotalSeconds, settings.TopicSharpness);
        foreach (var model in catalog.Models)
        {
            _slots[model.Id] = new Slot(model, _slots.Count, settings.ContextCapacity);
        }

        metrics.BudgetBytes.Set(budgetBytes);
        metrics.BytesInUse.Set(0);
        metrics.LoadedModels.Set(0);
    }

    /// <summary>Measured service rates; every successful load records its duration here.</summary>
    public ServiceRates Rates { get; }

    /// <summary>The memory budget in bytes.</summary>
    public long BudgetBytes { get; }

    /// <summary>Bytes reserved now by loaded and loading models; never above <see cref="BudgetBytes"/>.</summary>
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

    /// <summary>The cache policy's name.</summary>
    public string PolicyName => _policy.Name;

    /// <summary>
    /// Leases <paramref name="modelId"/>, loading it if needed. When the model is not loaded, the policy decides:
    /// load (evicting its victims) or, if <paramref name="mayOffload"/>, leave it to the cloud (possibly loading
    /// another model the policy wants to place). When offloading is not allowed the model is loaded anyway, with the
    /// policy's victims if it named enough, else unpinned models least recently used first.
    /// Throws <see cref="KeyNotFoundException"/> for an unknown id and <see cref="ModelLoadException"/> when the load fails.
    /// </summary>
    /// <param name="modelId">The model.</param>
    /// <param name="mayOffload">True when the cloud can take the request if the policy prefers it.</param>
    /// <param name="topic">The request's topic in [0, 1), for context-aware policies.</param>
    /// <param name="size">The request's length in tokens (prompt plus output).</param>
    /// <param name="cancellationToken">Cancels the wait (a load already started finishes for the others).</param>
    public async Task<CacheAcquisition> AcquireAsync(string modelId, bool mayOffload, double topic, double size, CancellationToken cancellationToken)
    {
        if (!_slots.TryGetValue(modelId, out var slot))
        {
            throw new KeyNotFoundException($"Model '{modelId}' is not in {_catalog.Root}.");
        }

        var countedMiss = false;
        var roomDeadline = _time.GetTimestamp();
        while (true)
        {
            LoadOperation? operation;
            Task? roomChanged = null;
            var startLoad = false;
            lock (_gate)
            {
                if (slot.State == ModelState.Loaded)
                {
                    if (!countedMiss)
                    {
                        _metrics.CacheHits.Add(1);
                        slot.Seen++;
                    }

                    return new CacheAcquisition(CacheOutcome.Leased, LeaseLocked(slot, wasHit: !countedMiss));
                }

                if (!countedMiss)
                {
                    countedMiss = true;
                    _metrics.CacheMisses.Add(1);
                    if (slot.State == ModelState.Loading)
                    {
                        slot.Seen++;
                    }
                }

                if (slot.State == ModelState.Unloaded)
                {
                    var outcome = TryBeginLoadLocked(slot, mayOffload, topic, size);
                    if (!countedMiss || outcome != CacheOutcome.NoRoom)
                    {
                        slot.Seen++;
                    }

                    if (outcome == CacheOutcome.NoRoom && !mayOffload && _time.GetElapsedTime(roomDeadline) < _roomWait)
                    {
                        roomChanged = _roomChanged.Task;
                    }
                    else if (outcome != CacheOutcome.Leased)
                    {
                        return new CacheAcquisition(outcome, null);
                    }
                    else
                    {
                        startLoad = true;
                    }
                }

                operation = roomChanged is null ? slot.Load! : null;
                if (operation is not null)
                {
                    operation.Waiters++;
                }
            }

            if (roomChanged is not null)
            {
                // Everything that could make room is pinned or loading: wait for a release, bounded by the room wait.
                var remaining = _roomWait - _time.GetElapsedTime(roomDeadline);
                await Task.WhenAny(roomChanged, Task.Delay(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _time, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                continue;
            }

            if (startLoad)
            {
                _ = Task.Run(() => RunLoadAsync(slot, operation!), CancellationToken.None);
            }

            var lease = await AwaitLoadAsync(slot, operation!, cancellationToken).ConfigureAwait(false);
            if (lease is not null)
            {
                return new CacheAcquisition(CacheOutcome.Leased, lease);
            }
        }
    }

    /// <summary>Reads the state of every model, ordered by id.</summary>
    public IReadOnlyList<CachedModelInfo> Snapshot()
    {
        lock (_gate)
        {
            return SnapshotLocked();
        }
    }

    /// <summary>State of one model; throws <see cref="KeyNotFoundException"/> for an unknown id.</summary>
    public CachedModelInfo Describe(string modelId)
    {
        lock (_gate)
        {
            return _slots.TryGetValue(modelId, out var slot) ? InfoLocked(slot) : throw new KeyNotFoundException($"Model '{modelId}' is not in {_catalog.Root}.");
        }
    }

    public void Dispose()
    {
        _shutdown.Cancel();
        lock (_gate)
        {
            foreach (var slot in _slots.Values)
            {
                slot.Backend?.Dispose();
                slot.Backend = null;
                slot.State = ModelState.Unloaded;
            }

            _usedBytes = 0;
        }

        _shutdown.Dispose();
    }

    private async Task<ModelLease?> AwaitLoadAsync(Slot slot, LoadOperation operation, CancellationToken cancellationToken)
    {
        try
        {
            await operation.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_gate)
            {
                if (!operation.Completed)
                {
                    operation.Waiters--;
                }
                else if (operation.Succeeded)
                {
                    ReleaseLocked(slot);
                }
            }

            throw;
        }

        // On success the load already pinned the model once per waiter, so this lease cannot have been evicted.
        return operation.Succeeded ? new ModelLease(slot.Entry.Id, slot.Backend!, wasHit: false, () => Release(slot)) : null;
    }

    private async Task RunLoadAsync(Slot slot, LoadOperation operation)
    {
        var started = Stopwatch.GetTimestamp();
        ModelBackend? backend = null;
        Exception? failure = null;
        try
        {
            backend = await _loader.LoadAsync(slot.Entry, _shutdown.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            failure = ex;
        }

        lock (_gate)
        {
            if (backend is not null)
            {
                failure = CommitLoadLocked(slot, backend);
            }

            if (failure is not null)
            {
                _usedBytes -= slot.Bytes;
                slot.State = ModelState.Unloaded;
                slot.Bytes = 0;
            }

            SignalRoomLocked();

            operation.Completed = true;
            operation.Succeeded = failure is null;
            if (operation.Succeeded)
            {
                slot.InFlight += operation.Waiters;
                slot.Requests += operation.Waiters;
                slot.LastUse = _time.GetUtcNow();
            }

            slot.Load = null;
            PublishLocked();
        }

        _metrics.Loads.Add(1, slot.Entry.Id, failure is null ? "ok" : "failed");
        var loadSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        _metrics.LoadSeconds.Observe(loadSeconds, slot.Entry.Id);
        if (failure is null)
        {
            Rates.RecordLoad(slot.Entry.Id, loadSeconds);
        }

        if (failure is null)
        {
            operation.Completion.SetResult();
        }
        else
        {
            operation.Completion.SetException(failure as ModelLoadException ?? new ModelLoadException($"Model '{slot.Entry.Id}' failed to load from {slot.Entry.Path}: {failure.Message}", failure));
        }
    }

    private ModelLoadException? CommitLoadLocked(Slot slot, ModelBackend backend)
    {
        slot.MeasuredBytes = backend.Bytes;
        var others = _usedBytes - slot.Bytes;
        if (others + backend.Bytes > BudgetBytes)
        {
            backend.Dispose();
            return new ModelLoadException(
                $"Model '{slot.Entry.Id}' needs {backend.Bytes} bytes once loaded, more than its estimate of {slot.Bytes} and more than the budget leaves free; retry to load it with the measured size.");
        }

        _usedBytes = others + backend.Bytes;
        slot.Bytes = backend.Bytes;
        slot.Backend = backend;
        slot.State = ModelState.Loaded;
        slot.LoadedAt = _time.GetUtcNow();
        return null;
    }
}
