using System.ClientModel;
using EdgeFM.Core.Cluster;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Cloud;
using EdgeFM.Gateway.Cluster;
using EdgeFM.Gateway.Planning;

namespace EdgeFM.Gateway.Execution;

public sealed partial class PlanExecutor
{
    /// <summary>How long a peer that failed before its first chunk is left out of plans.</summary>
    private static readonly TimeSpan UnreachableFor = TimeSpan.FromSeconds(10);

    /// <summary>The link to peer edges, or null when this gateway is alone.</summary>
    public PeerLink? Peers { get; init; }

    /// <summary>The cluster, told about peers found unreachable; null when this gateway is alone.</summary>
    public IEdgeCluster? Cluster { get; init; }

    /// <summary>
    /// Starts the request at a peer edge and waits for its first chunk (at most <see cref="PeerLink.FirstByteTimeout"/>).
    /// A peer that cannot be reached, is busy or fails before its first chunk is left out for a while and the request
    /// is planned again (here, at another peer or in the cloud): nothing was sent to the client yet. Once the first chunk
    /// arrived the stream is passed through; a peer that dies mid-answer ends it as incomplete (an error, never a
    /// complete-looking answer), as the cloud link does. A refusal (a 4xx other than 408/429) is the request's own fault
    /// and reaches the client as the peer sent it.
    /// </summary>
    private async Task<Attempt> TryStartPeerAsync(ServingPlan plan, Destination destination, GenerationRequest request, bool fallback, CancellationToken cancellationToken)
    {
        if (Peers is null || destination.Endpoint is null || destination.Node is null)
        {
            return Attempt.Failed(ApiException.Unavailable($"'{request.Model}' was planned to a peer, but this gateway is not in a cluster."));
        }

        var firstByte = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        firstByte.CancelAfter(Peers.FirstByteTimeout);
        var client = Peers.ClientFor(destination.Endpoint);
        var options = Pipeline.RequestFacts.Attach(request.Options, request);
        options.ModelId = request.Model;
        var stream = client.GetStreamingResponseAsync(request.Messages, options, firstByte.Token).GetAsyncEnumerator(firstByte.Token);
        try
        {
            var first = await stream.MoveNextAsync().ConfigureAwait(false) ? stream.Current : null;

            // From the first chunk on, the client's own cancellation or the peer's silence (the idle limit) ends it.
            firstByte.CancelAfter(Timeout.InfiniteTimeSpan);
            var rest = new PeerStream(stream, firstByte, Peers.IdleTimeout, destination.Node, cancellationToken);
            return Attempt.Started(new RunningGeneration(plan, destination, fallback, cache: null, rest, first, firstByte));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not CloudRejectedException
            && ex is HttpRequestException or IOException or OperationCanceledException or ClientResultException or CloudLinkException)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            firstByte.Dispose();
            Cluster?.MarkUnreachable(destination.Node, UnreachableFor);
            return Attempt.Replan;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            firstByte.Dispose();
            throw;
        }
    }
}
