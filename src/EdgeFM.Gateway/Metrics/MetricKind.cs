namespace EdgeFM.Gateway.Metrics;

/// <summary>Prometheus metric type.</summary>
public enum MetricKind
{
    /// <summary>Monotonically increasing total.</summary>
    Counter,

    /// <summary>Value that goes up and down.</summary>
    Gauge,

    /// <summary>Observations counted into cumulative buckets, with sum and count.</summary>
    Histogram,
}
