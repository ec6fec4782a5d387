namespace EdgeFM.Core.Context;

/// <summary>
/// The default relevance: exp(−ℓ · d), d the circular distance in [0, 0.5] between the example's topic and the
/// request's, ℓ the sharpness (dimensionless, ≥ 0). It is the exp(ℓ(1 − |o_k − o_t|)) factor of the AoC
/// literature divided by its maximum e^ℓ, so a same-topic example weighs 1.
/// </summary>
public sealed class TopicRelevance : IRelevance
{
    /// <summary>Creates the function with sharpness ℓ (≥ 0; 0 makes every example fully relevant).</summary>
    public TopicRelevance(double sharpness)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sharpness);
        Sharpness = sharpness;
    }

    /// <summary>ℓ: how fast relevance falls with topic distance.</summary>
    public double Sharpness { get; }

    /// <summary>Circular distance in [0, 0.5] between two topics in [0, 1).</summary>
    public static double Distance(double a, double b)
    {
        var d = Math.Abs(a - b);
        d -= Math.Floor(d);
        return d > 0.5 ? 1 - d : d;
    }

    /// <inheritdoc />
    public double Weight(in Demonstration example, double requestTopic) =>
        Sharpness == 0 ? 1 : Math.Exp(-Sharpness * Distance(example.Topic, requestTopic));
}
