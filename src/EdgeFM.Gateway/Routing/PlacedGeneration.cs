using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Routing;

/// <summary>
/// A generation that has started somewhere and produced its first update (or ended without one). Dispose it when the
/// response is done: that releases the model lease and the queue slot.
/// </summary>
public sealed class PlacedGeneration : IAsyncDisposable
{
    private readonly IDisposable[] _holds;

    internal PlacedGeneration(Placement placement, bool fallback, string? cache, string reason, IAsyncEnumerator<ChatResponseUpdate> stream, ChatResponseUpdate? first, params IDisposable[] holds)
    {
        Placement = placement;
        Fallback = fallback;
        Cache = cache;
        Reason = reason;
        Stream = stream;
        First = first;
        _holds = holds;
    }

    /// <summary>Where it runs.</summary>
    public Placement Placement { get; }

    /// <summary>True when it was meant for the cloud and an edge model served it because the cloud failed.</summary>
    public bool Fallback { get; }

    /// <summary><c>hit</c> or <c>miss</c> for edge runs, null for cloud runs.</summary>
    public string? Cache { get; }

    /// <summary>Why it was placed there, in a few words.</summary>
    public string Reason { get; }

    /// <summary>The rest of the stream, after <see cref="First"/>.</summary>
    public IAsyncEnumerator<ChatResponseUpdate> Stream { get; }

    /// <summary>The first update, or null when the stream ended at once.</summary>
    public ChatResponseUpdate? First { get; }

    /// <summary>The placement as it appears on the wire.</summary>
    public string PlacementName => Placement == Placement.Edge ? "edge" : "cloud";

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Stream.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            foreach (var hold in _holds)
            {
                hold.Dispose();
            }
        }
    }
}
