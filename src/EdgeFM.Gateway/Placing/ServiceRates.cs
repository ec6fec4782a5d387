namespace EdgeFM.Gateway.Placing;

/// <summary>
/// Measured speeds the placement policy estimates with: per model, seconds per prompt token (time to first token over
/// prompt tokens), seconds per generated token (the rest of the request over the tokens after the first) and load
/// seconds; and the cloud's seconds per request. Each is an exponentially weighted moving average (weight
/// <see cref="Smoothing"/> on the newest sample) that starts from the first sample; before any sample the priors
/// apply. Thread-safe.
/// </summary>
public sealed class ServiceRates
{
    /// <summary>Weight of the newest sample in each moving average.</summary>
    public const double Smoothing = 0.2;

    /// <summary>Seconds per prompt token before any is measured.</summary>
    public const double PriorPrefillSecondsPerToken = 0.001;

    /// <summary>Seconds per generated token before any is measured.</summary>
    public const double PriorDecodeSecondsPerToken = 0.01;

    /// <summary>Seconds of one edge request, end to end, before any is measured.</summary>
    public const double PriorEdgeRequestSeconds = 1;

    /// <summary>Bytes per second a model loads at before any load is measured (memory-mapped weights load fast).</summary>
    public const double PriorLoadBytesPerSecond = 1e9;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ModelRates> _models = new(StringComparer.Ordinal);
    private readonly double _cloudPrior;
    private double? _cloudSeconds;
    private double? _edgeRequestSeconds;

    /// <summary>Creates the tracker; <paramref name="cloudLatencyPrior"/> is the cloud's seconds per request before any is measured.</summary>
    public ServiceRates(double cloudLatencyPrior) => _cloudPrior = cloudLatencyPrior;

    /// <summary>Expected seconds of a cloud request.</summary>
    public double CloudSeconds
    {
        get
        {
            lock (_gate)
            {
                return _cloudSeconds ?? _cloudPrior;
            }
        }
    }

    /// <summary>Expected seconds of one edge request end to end, over every model (a cluster's queue estimate).</summary>
    public double EdgeRequestSeconds
    {
        get
        {
            lock (_gate)
            {
                return _edgeRequestSeconds ?? PriorEdgeRequestSeconds;
            }
        }
    }

    /// <summary>Records a finished edge generation on <paramref name="model"/>.</summary>
    /// <param name="model">Model id.</param>
    /// <param name="promptTokens">Prompt tokens it read.</param>
    /// <param name="outputTokens">Tokens it generated.</param>
    /// <param name="firstTokenSeconds">Seconds to its first token.</param>
    /// <param name="totalSeconds">Seconds to its end.</param>
    public void RecordEdge(string model, long promptTokens, long outputTokens, double firstTokenSeconds, double totalSeconds)
    {
        lock (_gate)
        {
            var rates = Rates(model);
            if (totalSeconds >= 0)
            {
                _edgeRequestSeconds = Blend(_edgeRequestSeconds, totalSeconds);
            }

            if (promptTokens > 0 && firstTokenSeconds >= 0)
            {
                rates.Prefill = Blend(rates.Prefill, firstTokenSeconds / promptTokens);
            }

            if (outputTokens > 1 && totalSeconds >= firstTokenSeconds)
            {
                rates.Decode = Blend(rates.Decode, (totalSeconds - firstTokenSeconds) / (outputTokens - 1));
            }
        }
    }

    /// <summary>Records a load of <paramref name="model"/> that took <paramref name="seconds"/>.</summary>
    public void RecordLoad(string model, double seconds)
    {
        lock (_gate)
        {
            var rates = Rates(model);
            rates.Load = Blend(rates.Load, seconds);
        }
    }

    /// <summary>Records a cloud request that took <paramref name="seconds"/> end to end.</summary>
    public void RecordCloud(double seconds)
    {
        lock (_gate)
        {
            _cloudSeconds = Blend(_cloudSeconds, seconds);
        }
    }

    /// <summary>Expected (prefill, decode) seconds per token of <paramref name="model"/>.</summary>
    public (double Prefill, double Decode) TokenSeconds(string model)
    {
        lock (_gate)
        {
            return _models.TryGetValue(model, out var rates)
                ? (rates.Prefill ?? PriorPrefillSecondsPerToken, rates.Decode ?? PriorDecodeSecondsPerToken)
                : (PriorPrefillSecondsPerToken, PriorDecodeSecondsPerToken);
        }
    }

    /// <summary>Expected seconds to load <paramref name="model"/> of <paramref name="bytes"/> bytes.</summary>
    public double LoadSeconds(string model, long bytes)
    {
        lock (_gate)
        {
            return _models.TryGetValue(model, out var rates) && rates.Load is { } load ? load : bytes / PriorLoadBytesPerSecond;
        }
    }

    private static double Blend(double? average, double sample) => average is { } a ? a + (Smoothing * (sample - a)) : sample;

    private ModelRates Rates(string model)
    {
        if (!_models.TryGetValue(model, out var rates))
        {
            rates = new ModelRates();
            _models[model] = rates;
        }

        return rates;
    }

    private sealed class ModelRates
    {
        public double? Prefill { get; set; }

        public double? Decode { get; set; }

        public double? Load { get; set; }
    }
}
