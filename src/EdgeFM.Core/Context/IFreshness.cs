namespace EdgeFM.Core.Context;

/// <summary>How much an example is worth as it ages: a weight in [0, 1] for an age in seconds.</summary>
public interface IFreshness
{
    /// <summary>Weight in [0, 1] of an example <paramref name="ageSeconds"/> old (≥ 0).</summary>
    double Weight(double ageSeconds);
}
