namespace EdgeFM.Core.Context;

/// <summary>
/// An in-context example a served request left behind, as Age of Context weighs it: when it was made and on what topic.
/// </summary>
/// <param name="Time">Creation time, in seconds since the start.</param>
/// <param name="Topic">Topic coordinate in [0, 1) on a circle (0 and 1 are the same topic).</param>
public readonly record struct Demonstration(double Time, double Topic);
