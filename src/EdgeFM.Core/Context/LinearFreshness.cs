namespace EdgeFM.Core.Context;

/// <summary>
/// The default freshness: max(0, 1 − age/Ω). An example is worth 1 when new and nothing once Ω seconds old,
/// the normalised form of the (Ω − (t − t_k)) factor of the AoC literature.
/// </summary>
public sealed class LinearFreshness : IFreshness
{
    /// <summary>Creates the function for a window of <paramref name="windowSeconds"/> seconds (&gt; 0).</summary>
    public LinearFreshness(double windowSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowSeconds);
        WindowSeconds = windowSeconds;
    }

    /// <summary>Ω: the age, in seconds, at which an example stops counting.</summary>
    public double WindowSeconds { get; }

    /// <inheritdoc />
    public double Weight(double ageSeconds)
    {
        var weight = 1 - (ageSeconds / WindowSeconds);
        return weight > 0 ? weight : 0;
    }
}
