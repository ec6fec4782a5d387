namespace EdgeFM.Gateway.Benchmarks;

/// <summary>One configuration measured by <see cref="AdapterServeBenchmark"/>: medians over its rounds.</summary>
/// <param name="Configuration"><c>base</c> (the base model alone), <c>fit</c> (every adapter fits the budget) or <c>spill</c> (more adapters than fit).</param>
/// <param name="Adapters">Adapters the requests spread over (0 for <c>base</c>).</param>
/// <param name="AdaptersThatFit">Adapters the budget holds beside the base model.</param>
/// <param name="RequestsPerSecond">Median completed requests per second.</param>
/// <param name="TokensPerSecond">Median generated tokens per second, all requests together.</param>
/// <param name="RequestsRatio">Median over rounds of this round's requests/s divided by the base model's in the same round.</param>
/// <param name="TokensRatio">The same for tokens/s.</param>
/// <param name="LatencyP50">Median over rounds of the median request latency, in milliseconds.</param>
/// <param name="AdapterLoadsPerRequest">Adapter loads per request (each after an eviction, once the adapters are warm), mean over rounds.</param>
public sealed record AdapterServeRow(
    string Configuration,
    int Adapters,
    int AdaptersThatFit,
    double RequestsPerSecond,
    double TokensPerSecond,
    double RequestsRatio,
    double TokensRatio,
    double LatencyP50,
    double AdapterLoadsPerRequest);
