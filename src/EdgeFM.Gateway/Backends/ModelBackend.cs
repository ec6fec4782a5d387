using EdgeFM.Inference.Models;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Backends;

/// <summary>A loaded model: the chat client that runs it, the bytes it occupies, and what to dispose on unload.</summary>
public sealed class ModelBackend : IDisposable
{
    private readonly IDisposable? _owner;
    private int _disposed;

    /// <summary>Wraps a loaded model.</summary>
    /// <param name="client">Runs generations on the model; must allow as many concurrent calls as the gateway's parallelism.</param>
    /// <param name="bytes">Bytes the loaded model occupies (weights plus KV cache at the configured context).</param>
    /// <param name="owner">Disposed with the backend (the model itself), or null.</param>
    /// <param name="completionClient">Runs legacy text completions (the raw prompt, no chat template); null uses <paramref name="client"/>.</param>
    /// <param name="model">The runtime's model when EdgeFM's runtime serves it (the NetGPT completion stage and token counts need it), else null.</param>
    public ModelBackend(IChatClient client, long bytes, IDisposable? owner, IChatClient? completionClient = null, LlamaModel? model = null)
    {
        Model = model;
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Client = client;
        CompletionClient = completionClient ?? client;
        Bytes = bytes;
        _owner = owner;
    }

    /// <summary>The chat client over the loaded model.</summary>
    public IChatClient Client { get; }

    /// <summary>The client for legacy text completions: continues the prompt as given.</summary>
    public IChatClient CompletionClient { get; }

    /// <summary>The runtime's model, or null for a backend that is not EdgeFM's runtime.</summary>
    public LlamaModel? Model { get; }

    /// <summary>
    /// The LoRA adapter the clients apply over <see cref="Model"/> (a child entry's backend), or null. The NetGPT
    /// completion stage applies it too, so an adapter can complete prompts.
    /// </summary>
    public EdgeFM.Inference.Lora.LoraAdapter? Adapter { get; init; }

    /// <summary>Bytes the loaded model occupies.</summary>
    public long Bytes { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Client.Dispose();
            if (!ReferenceEquals(CompletionClient, Client))
            {
                CompletionClient.Dispose();
            }

            _owner?.Dispose();
        }
    }
}
