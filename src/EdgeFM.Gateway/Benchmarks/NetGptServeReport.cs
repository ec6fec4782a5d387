namespace EdgeFM.Gateway.Benchmarks;

/// <summary>
/// What <see cref="NetGptServeBenchmark"/> measured: the plain edge requests and the NetGPT requests of one run, and
/// the latency the edge stage adds (NetGPT minus plain, and NetGPT over plain, at each percentile).
/// </summary>
/// <param name="Plain">Plain edge requests.</param>
/// <param name="NetGpt">NetGPT requests (completion stage on the edge model, then the answer).</param>
/// <param name="Concurrency">Requests in flight at once, both kinds together.</param>
/// <param name="LoopbackCloud">True when a cloud tier on loopback answered (plain requests and NetGPT answer stages); false: the edge model answered.</param>
/// <param name="RequestsPerSecond">Completed requests per second, both kinds together.</param>
/// <param name="EdgeModel">The model that completed the NetGPT prompts (the responses' <c>edgefm.edge_model</c>).</param>
/// <param name="ExampleCompletedPrompt">One completed prompt, as the answer stage received it.</param>
public sealed record NetGptServeReport(
    NetGptServeRow Plain,
    NetGptServeRow NetGpt,
    int Concurrency,
    bool LoopbackCloud,
    double RequestsPerSecond,
    string? EdgeModel,
    string? ExampleCompletedPrompt)
{
    /// <summary>Milliseconds the edge stage adds at the median: NetGPT p50 minus plain p50.</summary>
    public double AddedP50 => NetGpt.Latency.P50 - Plain.Latency.P50;

    /// <summary>Milliseconds the edge stage adds at the 99th percentile: NetGPT p99 minus plain p99.</summary>
    public double AddedP99 => NetGpt.Latency.P99 - Plain.Latency.P99;

    /// <summary>NetGPT p50 over plain p50 (same run, so machine load shifts both).</summary>
    public double RatioP50 => NetGpt.Latency.P50 / Plain.Latency.P50;

    /// <summary>NetGPT p99 over plain p99.</summary>
    public double RatioP99 => NetGpt.Latency.P99 / Plain.Latency.P99;
}
