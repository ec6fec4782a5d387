using EdgeFM.Gateway.Cloud;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Cluster;

/// <summary>
/// A peer's answer after its first chunk, with the same limit on silence between chunks as the cloud's
/// (<c>--cloud-idle-timeout</c>): a peer that stops sending mid-answer is cut off and the answer ends as incomplete
/// (<see cref="CloudStalledException"/>: 504, or an SSE error event without <c>data: [DONE]</c>), instead of holding
/// the client until the HTTP client's own backstop. <paramref name="timer"/> is the source whose token the peer's
/// stream was started with; the client's own cancellation (<paramref name="clientAborted"/>) passes through as itself.
/// </summary>
internal sealed class PeerStream(IAsyncEnumerator<ChatResponseUpdate> inner, CancellationTokenSource timer, TimeSpan idle, string node, CancellationToken clientAborted)
    : IAsyncEnumerator<ChatResponseUpdate>
{
    public ChatResponseUpdate Current => inner.Current;

    public async ValueTask<bool> MoveNextAsync()
    {
        timer.CancelAfter(idle);
        try
        {
            return await inner.MoveNextAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!clientAborted.IsCancellationRequested && timer.IsCancellationRequested)
        {
            throw new CloudStalledException($"Peer edge '{node}' sent nothing for {idle.TotalSeconds:0.###} s mid-answer (--cloud-idle-timeout); the answer is incomplete.", ex);
        }
        finally
        {
            // Between chunks the client may take its time reading; only the peer's silence is limited.
            timer.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
