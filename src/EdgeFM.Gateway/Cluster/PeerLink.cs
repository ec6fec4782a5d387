using System.Collections.Concurrent;
using EdgeFM.Gateway.Cloud;
using EdgeFM.Gateway.Pipeline;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Cluster;

/// <summary>
/// The link to peer edges: one OpenAI-compatible client per peer (the same adapter and completeness checks as the cloud
/// link, see <see cref="OpenAiCloudChatClient"/>), over one HTTP connection pool. Every request carries
/// <see cref="ForwardedHeader"/> with this node's name, so the peer serves it itself and never forwards it again.
/// </summary>
public sealed class PeerLink : IDisposable
{
    /// <summary>The header that marks a request forwarded by a cluster edge; its value is the forwarding node's name.</summary>
    public const string ForwardedHeader = "x-edgefm-forwarded";

    private readonly ConcurrentDictionary<Uri, IChatClient> _clients = new();
    private readonly HttpClient _http;
    private readonly string? _apiKey;

    /// <summary>Creates the link for node <paramref name="node"/>; peers are called with <paramref name="apiKey"/> (the cluster shares one key).</summary>
    /// <param name="node">This node's name, sent in <see cref="ForwardedHeader"/>.</param>
    /// <param name="apiKey">The cluster's shared API key, or null.</param>
    /// <param name="firstByteTimeout">See <see cref="FirstByteTimeout"/>.</param>
    /// <param name="idleTimeout">See <see cref="IdleTimeout"/>.</param>
    public PeerLink(string node, string? apiKey, TimeSpan firstByteTimeout, TimeSpan idleTimeout)
    {
        FirstByteTimeout = firstByteTimeout;
        IdleTimeout = idleTimeout;
        _apiKey = apiKey;
        _http = new HttpClient(new ForwardingHandler(node) { InnerHandler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) } })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Longest wait for a peer's first chunk before the request is planned again without it.</summary>
    public TimeSpan FirstByteTimeout { get; }

    /// <summary>Longest silence between two chunks of a peer's answer; beyond it the answer ends as incomplete.</summary>
    public TimeSpan IdleTimeout { get; }

    /// <summary>The client for the peer at <paramref name="endpoint"/> (its API base URL).</summary>
    public IChatClient ClientFor(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return _clients.GetOrAdd(endpoint, e => new FactsStrippingChatClient(
            new OpenAiCloudChatClient(new Uri(e, "v1"), _apiKey, fixedModel: null, TimeSpan.FromMinutes(5), _http)));
    }

    public void Dispose() => _http.Dispose();

    private sealed class ForwardingHandler(string node) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation(ForwardedHeader, node);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
