namespace EdgeFM.Core.Context;

/// <summary>An in-context example a served request left behind: when it was made, on what topic, how long it is.</summary>
/// <param name="Time">Creation time, in seconds since the start.</param>
/// <param name="Topic">Topic coordinate in [0, 1) on a circle (0 and 1 are the same topic).</param>
/// <param name="Size">Length of the example in tokens (≥ 0).</param>
public readonly record struct Demonstration(double Time, double Topic, double Size);
