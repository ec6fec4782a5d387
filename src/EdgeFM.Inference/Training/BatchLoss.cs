namespace EdgeFM.Inference.Training;

/// <summary>Summed cross-entropy (natural log) over <see cref="Targets"/> predicted tokens.</summary>
public readonly record struct BatchLoss(double Sum, long Targets)
{
    /// <summary>Mean loss per predicted token (NaN when there were none).</summary>
    public double Mean => Targets == 0 ? double.NaN : Sum / Targets;

    /// <summary>The two sums added.</summary>
    public static BatchLoss operator +(BatchLoss left, BatchLoss right) => new(left.Sum + right.Sum, left.Targets + right.Targets);

    /// <summary>The two sums added.</summary>
    public static BatchLoss Add(BatchLoss left, BatchLoss right) => left + right;
}
