using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Cache;

/// <summary>
/// A request's hold on a loaded model. While any lease is open the model is pinned (never evicted); dispose it when
/// the request ends, however it ends.
/// </summary>
public sealed class ModelLease : IDisposable
{
    private readonly Action _release;
    private int _released;

    internal ModelLease(string modelId, Backends.ModelBackend backend, bool wasHit, Action release)
    {
        ModelId = modelId;
        Client = backend.Client;
        CompletionClient = backend.CompletionClient;
        WasHit = wasHit;
        _release = release;
    }

    /// <summary>The leased model's id.</summary>
    public string ModelId { get; }

    /// <summary>Runs generations on the model.</summary>
    public IChatClient Client { get; }

    /// <summary>Runs legacy text completions (the prompt as given) on the model.</summary>
    public IChatClient CompletionClient { get; }

    /// <summary>True when the model was loaded when the request arrived (a cache hit).</summary>
    public bool WasHit { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _release();
        }
    }
}
