using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Cache;

/// <summary>
/// A request's hold on a loaded entry (and, for an adapter, on its base model). While any lease is open the entry is
/// never evicted; dispose it when the request ends, however it ends.
/// </summary>
public sealed class ModelLease : IDisposable
{
    private readonly Action _release;
    private int _released;

    internal ModelLease(Backends.ServingClients clients, bool wasHit, Action release)
    {
        Model = clients.Model;
        Adapter = clients.Adapter;
        Client = clients.Chat;
        CompletionClient = clients.Completion;
        WasHit = wasHit;
        _release = release;
    }

    /// <summary>Runs chat generations on the entry, through the serving pipeline built when it loaded.</summary>
    public IChatClient Client { get; }

    /// <summary>Runs legacy text completions (the prompt as given), through the same pipeline.</summary>
    public IChatClient CompletionClient { get; }

    /// <summary>The runtime's model of the entry (the NetGPT completion stage runs on it), or null for other backends.</summary>
    public EdgeFM.Inference.Models.LlamaModel? Model { get; }

    /// <summary>The LoRA adapter an adapter entry applies over <see cref="Model"/>, or null.</summary>
    public EdgeFM.Inference.Lora.LoraAdapter? Adapter { get; }

    /// <summary>True when the entry was loaded when the request arrived (a cache hit).</summary>
    public bool WasHit { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _release();
        }
    }
}
