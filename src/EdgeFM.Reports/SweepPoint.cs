using EdgeFM.Simulation.Experiments;

namespace EdgeFM.Reports;

/// <summary>One point of a sweep: an experiment and the label of its scenario (or of the varied parameter's value).</summary>
/// <param name="Label">What distinguishes this point, shown on the sweep figures' horizontal axis.</param>
/// <param name="Result">The experiment at this point.</param>
public sealed record SweepPoint(string Label, ExperimentResult Result);
