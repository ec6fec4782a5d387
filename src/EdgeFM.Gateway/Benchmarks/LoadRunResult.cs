namespace EdgeFM.Gateway.Benchmarks;

/// <summary>Measurements of one load run. Latencies are in milliseconds; rates per second of wall-clock time.</summary>
/// <param name="Mode">What was called: <c>gateway</c> (HTTP, streaming) or <c>direct</c> (the runtime's chat client).</param>
/// <param name="Requests">Requests completed.</param>
/// <param name="Concurrency">Requests in flight at once.</param>
/// <param name="RequestsPerSecond">Completed requests per second.</param>
/// <param name="TokensPerSecond">Generated tokens per second, all requests together.</param>
/// <param name="LatencyP50">Median time from sending a request to its last token.</param>
/// <param name="LatencyP99">99th percentile of the same.</param>
/// <param name="FirstTokenP50">Median time from sending a request to its first token.</param>
/// <param name="FirstTokenP99">99th percentile of the same.</param>
public sealed record LoadRunResult(
    string Mode,
    int Requests,
    int Concurrency,
    double RequestsPerSecond,
    double TokensPerSecond,
    double LatencyP50,
    double LatencyP99,
    double FirstTokenP50,
    double FirstTokenP99);
