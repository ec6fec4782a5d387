using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Catalog;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Tests.Support;

/// <summary>
/// Test-only decorator over a real loader that watches what it holds: bytes of live (loaded, not yet disposed)
/// backends and their peak, loads running at once per model, and copies of one model alive at once.
/// </summary>
public sealed class TrackingLoader(IModelBackendLoader inner) : IModelBackendLoader
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

    public async Task<ModelBackend> LoadAsync(ModelEntry model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (_gate)
        {
            _loading[model.Id] = _loading.GetValueOrDefault(model.Id) + 1;
            MaxConcurrentLoadsOfOneModel = Math.Max(MaxConcurrentLoadsOfOneModel, _loading[model.Id]);
        }

        ModelBackend backend;
        try
        {
            backend = await inner.LoadAsync(model, cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _loading[model.Id]--;
            }
        }

        lock (_gate)
        {
            Loads++;
            LiveBytes += backend.Bytes;
            PeakBytes = Math.Max(PeakBytes, LiveBytes);
            _live[model.Id] = _live.GetValueOrDefault(model.Id) + 1;
            MaxLiveCopiesOfOneModel = Math.Max(MaxLiveCopiesOfOneModel, _live[model.Id]);
        }

        var release = new Release(() =>
        {
            backend.Dispose();
            lock (_gate)
            {
                LiveBytes -= backend.Bytes;
                _live[model.Id]--;
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
