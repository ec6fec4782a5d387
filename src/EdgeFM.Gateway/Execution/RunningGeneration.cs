using EdgeFM.Gateway.Placing;
using EdgeFM.Gateway.Planning;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Execution;

/// <summary>
/// A generation that has started at a plan's destination and produced its first update (or ended without one).
/// Dispose it when the response is done: that releases the model lease and the queue slot.
/// </summary>
public sealed class RunningGeneration : IAsyncDisposable
{
    private readonly IDisposable[] _holds;

    internal RunningGeneration(ServingPlan plan, Destination destination, bool fallback, string? cache, IAsyncEnumerator<ChatResponseUpdate> stream, ChatResponseUpdate? first, params IDisposable[] holds)
    {
        Plan = plan;
        Destination = destination;
        Fallback = fallback;
        Cache = cache;
        Stream = stream;
        First = first;
        _holds = holds;
    }

    /// <summary>The plan it follows.</summary>
    public ServingPlan Plan { get; }

    /// <summary>Where it runs: the stage's primary destination, or its fallback.</summary>
    public Destination Destination { get; }

    /// <summary>Where it runs, edge or cloud.</summary>
    public Placement Placement => Destination.Kind;

    /// <summary>True when the stage's primary destination could not start and its fallback serves.</summary>
    public bool Fallback { get; }

    /// <summary><c>hit</c> or <c>miss</c> for edge runs, null for cloud runs.</summary>
    public string? Cache { get; }

    /// <summary>Why it was placed there, in a few words.</summary>
    public string Reason => Fallback ? $"fallback: {Plan.Reason}" : Plan.Reason;

    /// <summary>The rest of the stream, after <see cref="First"/>.</summary>
    public IAsyncEnumerator<ChatResponseUpdate> Stream { get; }

    /// <summary>The first update, or null when the stream ended at once.</summary>
    public ChatResponseUpdate? First { get; }

    /// <summary>The placement as it appears on the wire.</summary>
    public string PlacementName => Destination.KindName;

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
