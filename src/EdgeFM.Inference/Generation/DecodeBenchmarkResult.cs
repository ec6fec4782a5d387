namespace EdgeFM.Inference.Generation;

/// <summary>Throughput measured by <see cref="DecodeBenchmark"/>.</summary>
/// <param name="PromptTokens">Prompt tokens processed per round.</param>
/// <param name="GeneratedTokens">Tokens decoded per round.</param>
/// <param name="PrefillTokensPerSecond">Median prompt tokens per second.</param>
/// <param name="DecodeTokensPerSecond">Median decoded tokens per second.</param>
/// <param name="KvCacheBytes">Bytes of the benchmark session's KV cache (prompt + generated positions).</param>
public sealed record DecodeBenchmarkResult(int PromptTokens, int GeneratedTokens, double PrefillTokensPerSecond, double DecodeTokensPerSecond, long KvCacheBytes);
