namespace EdgeFM.Cli.Commands;

/// <summary>One epoch in <see cref="FinetuneJsonResult"/>: its number from 1, mean training loss and evaluation loss (nats per token).</summary>
internal sealed record FinetuneJsonEpoch(int Epoch, double TrainLoss, double? EvalLoss);
