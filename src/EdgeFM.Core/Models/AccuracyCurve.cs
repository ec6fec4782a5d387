namespace EdgeFM.Core.Models;

/// <summary>
/// A model's accuracy as a function of the value V of its in-context examples:
/// A(V) = min(1, A0 + A1 · log2(1 + V^α)). V is an effective number of examples (dimensionless, ≥ 0), so
/// A(0) = A0 is the zero-shot accuracy and A(1) = A0 + A1 the one-shot accuracy.
/// </summary>
/// <param name="ZeroShot">A0: accuracy without context, in [0, 1].</param>
/// <param name="OneShotGain">A1: accuracy gained by one fully fresh, fully relevant example, ≥ 0.</param>
/// <param name="Shape">α: how quickly further examples help, &gt; 0 (1 = logarithmic in V).</param>
public readonly record struct AccuracyCurve(double ZeroShot, double OneShotGain, double Shape)
{
    /// <summary>Accuracy in [0, 1] for a context of value <paramref name="contextValue"/> (negative values count as 0).</summary>
    public double Evaluate(double contextValue)
    {
        if (contextValue <= 0)
        {
            return Math.Min(1, ZeroShot);
        }

        var powered = Shape switch
        {
            1 => contextValue,
            2 => contextValue * contextValue,
            _ => Math.Pow(contextValue, Shape),
        };
        return Math.Min(1, ZeroShot + (OneShotGain * Math.Log2(1 + powered)));
    }
}
