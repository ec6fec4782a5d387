using System.Collections.Concurrent;
using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Catalog;

namespace EdgeFM.Gateway.Tests.Support;

/// <summary>
/// Test-only loader: every model occupies <see cref="BytesPerModel"/> bytes; records live bytes, the peak, loads per
/// model and the most loads of one model ever in progress at once.
/// </summary>
public sealed class FakeModelLoader : IModelBackendLoader
{
    private readonly ConcurrentDictionary<string, int> _inProgress = new(StringComparer.Ordinal);
    private long _liveBytes;
    private long _peakBytes;
    private int _maxConcurrentLoadsOfOneModel;

    public int Generations;
    public int CancelledGenerations;

    public long BytesPerModel { get; init; } = 100;

    /// <summary>Bytes of one model by id; null gives every model <see cref="BytesPerModel"/>.</summary>
    public Func<string, long>? BytesOf { get; init; }

    public TimeSpan LoadDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan TokenDelay { get; init; } = TimeSpan.Zero;

    public ConcurrentDictionary<string, int> Loads { get; } = new(StringComparer.Ordinal);

    /// <summary>The messages every generation received, in order.</summary>
    public ConcurrentQueue<IReadOnlyList<Microsoft.Extensions.AI.ChatMessage>> Prompts { get; } = new();

    public long LiveBytes => Interlocked.Read(ref _liveBytes);

    public long PeakBytes => Interlocked.Read(ref _peakBytes);

    public int MaxConcurrentLoadsOfOneModel => Volatile.Read(ref _maxConcurrentLoadsOfOneModel);

    public long EstimateBytes(ModelEntry model) => BytesOf?.Invoke(model.Id) ?? BytesPerModel;

    public async Task<ModelBackend> LoadAsync(ModelEntry model, CancellationToken cancellationToken)
    {
        var concurrent = _inProgress.AddOrUpdate(model.Id, 1, (_, n) => n + 1);
        InterlockedMax(ref _maxConcurrentLoadsOfOneModel, concurrent);
        try
        {
            if (LoadDelay > TimeSpan.Zero)
            {
                await Task.Delay(LoadDelay, cancellationToken);
            }

            Loads.AddOrUpdate(model.Id, 1, (_, n) => n + 1);
            var bytes = EstimateBytes(model);
            var live = Interlocked.Add(ref _liveBytes, bytes);
            InterlockedMax(ref _peakBytes, live);
            return new ModelBackend(new FakeChatClient(model.Id, TokenDelay, this), bytes, new Unload(this, bytes));
        }
        finally
        {
            _inProgress.AddOrUpdate(model.Id, 0, (_, n) => n - 1);
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while ((current = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed class Unload(FakeModelLoader owner, long bytes) : IDisposable
    {
        public void Dispose() => Interlocked.Add(ref owner._liveBytes, -bytes);
    }
}
