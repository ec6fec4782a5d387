using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Catalog;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Tests.Support;

/// <summary>
/// Test-only decorator over a real loader that watches what it holds: bytes of live (loaded, not yet disposed)
/// backends and their peak, loads running at once per model, and copies of one model alive at once. LoRA adapters
/// loaded through it (when the inner loader loads adapters) count the same way.
/// </summary>
public sealed class TrackingLoader(IModelBackendLoader inner) : IModelBackendLoader, IAdapterLoader
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _loading = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _live = new(StringComparer.Ordinal);

    public long LiveBytes { get; private set; }

    public long PeakBytes { get; private set; }

    public int MaxConcurrentLoadsOfOneModel { get; private set; }

    public int MaxLiveCopiesOfOneModel { get; private set; }

    public int Loads { get; private set; }

    public long EstimateBytes(ModelEntry model) => inner.EstimateBytes(model);

    public long MeasureAdapter(AdapterEntry adapter, ModelEntry baseModel) => Adapters.MeasureAdapter(adapter, baseModel);

    public Task<ModelBackend> LoadAdapterAsync(AdapterEntry adapter, ModelBackend parent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        return TrackAsync(adapter.Id, token => Adapters.LoadAdapterAsync(adapter, parent, token), cancellationToken);
    }

    public Task<ModelBackend> LoadAsync(ModelEntry model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        return TrackAsync(model.Id, token => inner.LoadAsync(model, token), cancellationToken);
    }

    private IAdapterLoader Adapters => inner as IAdapterLoader ?? throw new InvalidOperationException("The inner loader loads no adapters.");

    private async Task<ModelBackend> TrackAsync(string id, Func<CancellationToken, Task<ModelBackend>> load, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _loading[id] = _loading.GetValueOrDefault(id) + 1;
            MaxConcurrentLoadsOfOneModel = Math.Max(MaxConcurrentLoadsOfOneModel, _loading[id]);
        }

        ModelBackend backend;
        try
        {
            backend = await load(cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _loading[id]--;
            }
        }

        lock (_gate)
        {
            Loads++;
            LiveBytes += backend.Bytes;
            PeakBytes = Math.Max(PeakBytes, LiveBytes);
            _live[id] = _live.GetValueOrDefault(id) + 1;
            MaxLiveCopiesOfOneModel = Math.Max(MaxLiveCopiesOfOneModel, _live[id]);
        }

        var release = new Release(() =>
        {
            backend.Dispose();
            lock (_gate)
            {
                LiveBytes -= backend.Bytes;
                _live[id]--;
            }
        });
        return new ModelBackend(new Borrowed(backend.Client), backend.Bytes, release, new Borrowed(backend.CompletionClient));
    }

    /// <summary>Passes calls through; leaves disposal to the real backend.</summary>
    private sealed class Borrowed(IChatClient inner) : DelegatingChatClient(inner)
    {
        protected override void Dispose(bool disposing)
        {
        }
    }

    private sealed class Release(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
