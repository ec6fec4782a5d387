using EdgeFM.Edge.Evaluation;

namespace EdgeFM.Gateway.Benchmarks;

/// <summary>One kind of request of <see cref="NetGptServeBenchmark"/>, measured end to end by the client.</summary>
/// <param name="Kind"><c>plain</c> (a plain edge request) or <c>netgpt</c> (<c>edgefm.personalize</c>: completion stage, then the answer).</param>
/// <param name="Requests">Requests of this kind measured.</param>
/// <param name="Latency">Milliseconds from sending a request to its last chunk (p50, p99, mean).</param>
/// <param name="FirstToken">Milliseconds from sending a request to its first content chunk.</param>
/// <param name="PromptTokens">Mean prompt tokens of the stage that answered (the usage the gateway reports; for NetGPT, the completed prompt's).</param>
/// <param name="CompletionTokens">Mean tokens generated in the answer.</param>
/// <param name="CompletedPrompts">Answers whose <c>edgefm</c> object carried a <c>completed_prompt</c> (every NetGPT answer; no plain one).</param>
public sealed record NetGptServeRow(
    string Kind,
    int Requests,
    LatencySummary Latency,
    LatencySummary FirstToken,
    double PromptTokens,
    double CompletionTokens,
    int CompletedPrompts);
