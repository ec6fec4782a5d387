namespace EdgeFM.Gateway.Metrics;

/// <summary>
/// The last <see cref="Capacity"/> completed generations (newest replaces oldest), each with when it ended, where it
/// ran and its time to first token and latency, for live views (the dashboard's requests per second and percentiles)
/// that the Prometheus histograms' coarse buckets cannot give. Fed by <c>MetricsChatClient</c>, so every placement
/// label it records (edge, cloud, any other) appears here as is. Thread-safe.
/// </summary>
public sealed class RecentRequests
{
    /// <summary>Samples kept; enough for a minute at over a hundred requests a second.</summary>
    public const int Capacity = 8192;

    private readonly Lock _gate = new();
    private readonly RequestSample[] _ring = new RequestSample[Capacity];
    private long _count;

    /// <summary>Records one completed generation.</summary>
    /// <param name="endedAt">When its last update arrived.</param>
    /// <param name="placement">Where it ran (the metrics' placement label).</param>
    /// <param name="firstTokenSeconds">From arrival to its first text, in seconds; null when it produced none.</param>
    /// <param name="latencySeconds">From arrival to its end, in seconds.</param>
    public void Record(DateTimeOffset endedAt, string placement, double? firstTokenSeconds, double latencySeconds)
    {
        ArgumentNullException.ThrowIfNull(placement);
        lock (_gate)
        {
            _ring[_count % Capacity] = new RequestSample(endedAt, placement, firstTokenSeconds, latencySeconds);
            _count++;
        }
    }

    /// <summary>Generations recorded since the gateway started (including those no longer kept).</summary>
    public long Total
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>The kept samples that ended at or after <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<RequestSample> Since(DateTimeOffset since)
    {
        lock (_gate)
        {
            var kept = (int)Math.Min(_count, Capacity);
            var list = new List<RequestSample>();
            for (var i = _count - kept; i < _count; i++)
            {
                var sample = _ring[i % Capacity];
                if (sample.EndedAt >= since)
                {
                    list.Add(sample);
                }
            }

            return list;
        }
    }
}
