using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace EdgeFM.Gateway.Metrics;

/// <summary>
/// One Prometheus metric family (counter, gauge or histogram) with a fixed list of label names. Series are created on
/// first use and are safe to update from many threads.
/// </summary>
public sealed class MetricFamily
{
    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly string[] _labelNames;
    private readonly double[] _buckets;

    internal MetricFamily(string name, string help, MetricKind kind, string[] labelNames, double[]? buckets = null)
    {
        Name = name;
        Help = help;
        Kind = kind;
        _labelNames = labelNames;
        _buckets = buckets ?? [];
    }

    /// <summary>Metric name.</summary>
    public string Name { get; }

    /// <summary>Help text.</summary>
    public string Help { get; }

    /// <summary>Counter, gauge or histogram.</summary>
    public MetricKind Kind { get; }

    /// <summary>Adds <paramref name="amount"/> (counters: must not be negative) to the series with these label values.</summary>
    public void Add(double amount, params string[] labelValues) => Get(labelValues).Add(amount);

    /// <summary>Sets a gauge series to <paramref name="value"/>.</summary>
    public void Set(double value, params string[] labelValues) => Get(labelValues).Set(value);

    /// <summary>Records one histogram observation.</summary>
    public void Observe(double value, params string[] labelValues) => Get(labelValues).Observe(value, _buckets);

    /// <summary>Removes the series with these label values (for gauges of things that went away).</summary>
    public void Remove(params string[] labelValues) => _series.TryRemove(Key(labelValues), out _);

    /// <summary>Current value of a counter or gauge series (0 when absent); for tests and snapshots.</summary>
    public double Value(params string[] labelValues) => _series.TryGetValue(Key(labelValues), out var s) ? s.Sum : 0;

    /// <summary>Observation count of a histogram series (0 when absent).</summary>
    public long Count(params string[] labelValues) => _series.TryGetValue(Key(labelValues), out var s) ? s.ObservationCount : 0;

    internal void WriteTo(StringBuilder output)
    {
        output.Append("# HELP ").Append(Name).Append(' ').Append(Help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        output.Append("# TYPE ").Append(Name).Append(' ').Append(Kind switch { MetricKind.Counter => "counter", MetricKind.Gauge => "gauge", _ => "histogram" }).Append('\n');
        foreach (var (key, series) in _series.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (Kind != MetricKind.Histogram)
            {
                Line(output, Name, key, null, series.Sum);
                continue;
            }

            lock (series)
            {
                long cumulative = 0;
                for (var i = 0; i < _buckets.Length; i++)
                {
                    cumulative += series.BucketCounts![i];
                    Line(output, Name + "_bucket", key, Format(_buckets[i]), cumulative);
                }

                Line(output, Name + "_bucket", key, "+Inf", series.ObservationCount);
                Line(output, Name + "_sum", key, null, series.Sum);
                Line(output, Name + "_count", key, null, series.ObservationCount);
            }
        }
    }

    private static void Line(StringBuilder output, string name, string labels, string? le, double value)
    {
        output.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            output.Append('{').Append(labels);
            if (le is not null)
            {
                output.Append(labels.Length > 0 ? "," : string.Empty).Append("le=\"").Append(le).Append('"');
            }

            output.Append('}');
        }

        output.Append(' ').Append(Format(value)).Append('\n');
    }

    private static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    private Series Get(string[] labelValues) => _series.GetOrAdd(Key(labelValues), static (_, n) => new Series(n), _buckets.Length);

    private string Key(string[] labelValues)
    {
        if (labelValues.Length != _labelNames.Length)
        {
            throw new ArgumentException($"Metric {Name} takes {_labelNames.Length} label values, got {labelValues.Length}.", nameof(labelValues));
        }

        var builder = new StringBuilder();
        for (var i = 0; i < labelValues.Length; i++)
        {
            builder.Append(i > 0 ? "," : string.Empty).Append(_labelNames[i]).Append("=\"")
                .Append(labelValues[i].Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
                .Append('"');
        }

        return builder.ToString();
    }

    private sealed class Series(int bucketCount)
    {
        public long[]? BucketCounts { get; } = bucketCount > 0 ? new long[bucketCount] : null;

        public double Sum { get; private set; }

        public long ObservationCount { get; private set; }

        public void Add(double amount)
        {
            lock (this)
            {
                Sum += amount;
            }
        }

        public void Set(double value)
        {
            lock (this)
            {
                Sum = value;
            }
        }

        public void Observe(double value, double[] buckets)
        {
            lock (this)
            {
                for (var i = 0; i < buckets.Length; i++)
                {
                    if (value <= buckets[i])
                    {
                        BucketCounts![i]++;
                        break;
                    }
                }

                Sum += value;
                ObservationCount++;
            }
        }
    }
}
