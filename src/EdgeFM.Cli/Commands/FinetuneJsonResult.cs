namespace EdgeFM.Cli.Commands;

/// <summary>What <c>edgefm finetune --json</c> prints (camel-case names; see <see cref="CliJsonContext"/>).</summary>
internal sealed record FinetuneJsonResult(
    string Adapter,
    long Steps,
    bool Completed,
    double? InitialEvalLoss,
    IReadOnlyList<FinetuneJsonEpoch> Epochs,
    long Tokens,
    double TrainingSeconds,
    double TokensPerSecond,
    double CpuSeconds,
    long PeakMemoryBytes,
    int AdapterParameters,
    string? Checkpoint);
