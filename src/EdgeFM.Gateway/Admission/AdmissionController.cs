using System.Collections.Concurrent;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Metrics;

namespace EdgeFM.Gateway.Admission;

/// <summary>
/// Bounded queues: at most <c>totalLimit</c> requests in the gateway and at most <c>perModelLimit</c> running or
/// waiting on one edge model, of which <c>parallelPerModel</c> generate at once. Beyond a limit a request is refused
/// at once with 429 and a <c>Retry-After</c>, never queued without bound. Requests in the cloud hold a cloud slot
/// (at most <c>cloudLimit</c> at once, <see cref="TryEnterCloud"/>) and, while they do, do not count against
/// <c>totalLimit</c>: a slow or silent cloud never takes the room kept for edge work.
/// </summary>
public sealed class AdmissionController(int totalLimit, int perModelLimit, int parallelPerModel, GatewayMetrics metrics, int cloudLimit = int.MaxValue)
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, ModelQueue> _models = new(StringComparer.Ordinal);
    private int _total;
    private int _cloud;

    /// <summary>Requests admitted and not finished.</summary>
    public int Total => Volatile.Read(ref _total);

    /// <summary>Requests holding a cloud slot (waiting for or streaming the cloud's answer).</summary>
    public int InCloud => Volatile.Read(ref _cloud);

    /// <summary>Most requests that may hold a cloud slot at once.</summary>
    public int CloudLimit => cloudLimit;

    /// <summary>Requests holding or waiting for an edge model's generation slots.</summary>
    public int Queued(string modelId) => _models.TryGetValue(modelId, out var queue) ? Volatile.Read(ref queue.Count) : 0;

    /// <summary>
    /// Admits a request into the gateway or throws 429 when the overall queue is full: when <c>totalLimit</c>
    /// requests not in the cloud are already admitted.
    /// </summary>
    public IDisposable EnterGateway()
    {
        if (Interlocked.Increment(ref _total) - Volatile.Read(ref _cloud) > totalLimit)
        {
            Interlocked.Decrement(ref _total);
            metrics.Rejected.Add(1, "total");
            throw ApiException.QueueFull($"The gateway already holds {totalLimit} requests; retry shortly.", RetryAfter);
        }

        metrics.QueueDepth.Set(Total);
        return new Releaser(() =>
        {
            Interlocked.Decrement(ref _total);
            metrics.QueueDepth.Set(Total);
        });
    }

    /// <summary>
    /// Takes a cloud slot for a request that is about to call the cloud, or returns null when <c>cloudLimit</c>
    /// requests already hold one (the caller answers from the edge or refuses). Dispose the slot when the cloud's
    /// stream is done; until then the request does not count against the gateway's total limit.
    /// </summary>
    public IDisposable? TryEnterCloud()
    {
        if (Interlocked.Increment(ref _cloud) > cloudLimit)
        {
            Interlocked.Decrement(ref _cloud);
            metrics.Rejected.Add(1, "cloud");
            return null;
        }

        return new Releaser(() => Interlocked.Decrement(ref _cloud));
    }

    /// <summary>
    /// Joins <paramref name="modelId"/>'s queue, or returns null when it is full (the caller offloads or refuses).
    /// </summary>
    public ModelTicket? TryEnterModel(string modelId)
    {
        var queue = _models.GetOrAdd(modelId, _ => new ModelQueue(parallelPerModel));
        if (Interlocked.Increment(ref queue.Count) > perModelLimit)
        {
            Interlocked.Decrement(ref queue.Count);
            metrics.Rejected.Add(1, "model");
            return null;
        }

        return new ModelTicket(queue);
    }

    /// <summary>The 429 for a full model queue.</summary>
    public ApiException ModelQueueFull(string modelId) =>
        ApiException.QueueFull($"Model '{modelId}' already has {perModelLimit} requests running or waiting; retry shortly.", RetryAfter);

    internal sealed class ModelQueue(int parallel)
    {
        public int Count;

        public SemaphoreSlim Slots { get; } = new(parallel, parallel);
    }

    private sealed class Releaser(Action release) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                release();
            }
        }
    }
}
