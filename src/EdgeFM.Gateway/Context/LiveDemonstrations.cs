using EdgeFM.Core.Models;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.Gateway.Api;

namespace EdgeFM.Gateway.Context;

/// <summary>
/// The gateway's demonstrations: every served edge request leaves one in the SQLite <see cref="DemonstrationStore"/>
/// (queued, committed by the store's background writer), plain edge prompts get few-shot demonstrations chosen from
/// it, and the cache policy's context values are computed from it (<see cref="Value"/>), so what LC ranks models by
/// is what the models are actually given. Thread-safe.
/// </summary>
public sealed class LiveDemonstrations : IAsyncDisposable
{
    private readonly DemonstrationStore _store;
    private readonly string? _deleteOnDispose;

    /// <summary>Opens (or creates) the store at <paramref name="path"/>.</summary>
    /// <param name="path">The SQLite file; null opens a temporary file deleted on dispose (nothing persists).</param>
    /// <param name="window">Ω: a demonstration counts for this long (Core's linear freshness).</param>
    /// <param name="capacity">The newest demonstrations a request may draw on per model and user (the model's context capacity).</param>
    /// <param name="time">The gateway's clock: stamps and ages demonstrations.</param>
    /// <param name="otherUserAffinity">Weight of another user's shareable demonstration in relevance (own: 1), in [0, 1].</param>
    public LiveDemonstrations(string? path, TimeSpan window, int capacity, TimeProvider time, double otherUserAffinity = AgeOfContextSelector.DefaultOtherUserAffinity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentNullException.ThrowIfNull(time);
        if (path is null)
        {
            path = Path.Combine(Path.GetTempPath(), $"edgefm-context-{Guid.NewGuid():N}.db");
            _deleteOnDispose = path;
        }
        else if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        _store = DemonstrationStore.Open(path);
        Context = new DemonstrationContext(_store, time, new DemonstrationContextOptions { FreshnessWindow = window, CandidateLimit = capacity, OtherUserAffinity = otherUserAffinity });
    }

    /// <summary>The per-model façade over the store (selection, values, snapshots).</summary>
    public DemonstrationContext Context { get; }

    /// <summary>The SQLite file.</summary>
    public string FilePath => _store.FilePath;

    /// <summary>
    /// Records a served request's demonstration without waiting (false when the write queue is full): the request's
    /// concise prompt and <paramref name="response"/> under its user, sharing flag and model.
    /// </summary>
    public bool Record(string model, GenerationRequest request, string response)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Context.Record(new ModelId(model), request.Edge.User, request.Edge.Share, string.Empty, request.ConcisePrompt, response);
    }

    /// <summary>The demonstration query of <paramref name="request"/>: its user and concise prompt.</summary>
    public static DemonstrationRequest QueryOf(GenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new DemonstrationRequest(request.Edge.User, request.ConcisePrompt);
    }

    /// <summary>
    /// The live Age-of-Context value of <paramref name="model"/> for <paramref name="query"/> now: Σ freshness × relevance
    /// over the committed demonstrations the user may see, made at or after <paramref name="since"/> (the model's load:
    /// the context a cached model has built up while resident, what evicting it gives up, as in the simulator), at most
    /// the newest capacity of them. Dimensionless (n brand-new matching demonstrations are worth n).
    /// </summary>
    public double Value(string model, DemonstrationRequest query, DateTimeOffset since) => Context.Value(new ModelId(model), query, since);

    /// <summary>Committed demonstrations of <paramref name="model"/>, every user's.</summary>
    public int Count(string model) => _store.Count(new ModelId(model));

    /// <summary>Completes when every demonstration recorded before the call is committed (durable).</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => _store.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync().ConfigureAwait(false);
        if (_deleteOnDispose is not null)
        {
            foreach (var file in new[] { _deleteOnDispose, _deleteOnDispose + "-wal", _deleteOnDispose + "-shm" })
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // A temporary file left behind costs only disk; shutdown goes on.
                }
            }
        }
    }
}
