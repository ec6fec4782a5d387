namespace EdgeFM.Inference.Generation;

/// <summary>One configuration measured by <see cref="AdapterBenchmark"/>.</summary>
/// <param name="Adapters">Distinct adapters spread over the sessions (session i uses adapter i mod Adapters); 0 is the base model alone.</param>
/// <param name="Sessions">Concurrent sessions.</param>
/// <param name="PrefillTokensPerSecond">Median prompt tokens per second (wall clock) over all sessions.</param>
/// <param name="DecodeTokensPerSecond">Median decoded tokens per second (wall clock) over all sessions.</param>
/// <param name="PrefillRatio">Prefill speed relative to the base model alone, measured in the same run.</param>
/// <param name="DecodeRatio">Decode speed relative to the base model alone, measured in the same run.</param>
/// <param name="PrefillCpuRatio">
/// Like <paramref name="PrefillRatio"/> but from the process's CPU time instead of wall time: robust to other
/// processes on the machine when the model runs on one thread (more threads add the pool's spin-waiting).
/// </param>
/// <param name="DecodeCpuRatio">Like <paramref name="DecodeRatio"/>, from CPU time.</param>
public sealed record AdapterBenchmarkRow(int Adapters, int Sessions, double PrefillTokensPerSecond, double DecodeTokensPerSecond, double PrefillRatio, double DecodeRatio, double PrefillCpuRatio, double DecodeCpuRatio);
