using System.Globalization;
using EdgeFM.Simulation.Experiments;

namespace EdgeFM.Simulation.Reports;

/// <summary>
/// Writes every run of an experiment as CSV, one row per (policy, seed): <c>policy,seed,</c> then the metric keys
/// of <see cref="Metrics.All"/>, then <c>loads,evictions</c>. Numbers use the invariant culture.
/// </summary>
public static class ResultCsv
{
    /// <summary>Writes <paramref name="result"/> to <paramref name="writer"/>.</summary>
    public static void Write(ExperimentResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("policy,seed");
        foreach (var metric in Metrics.All)
        {
            writer.Write(',');
            writer.Write(Metrics.Key(metric));
        }

        writer.WriteLine(",loads,evictions");
        foreach (var policy in result.Policies)
        {
            foreach (var run in policy.Runs)
            {
                writer.Write(policy.Name);
                writer.Write(',');
                writer.Write(run.Seed.ToString(CultureInfo.InvariantCulture));
                foreach (var metric in Metrics.All)
                {
                    writer.Write(',');
                    writer.Write(Metrics.Value(run.Costs, metric).ToString("R", CultureInfo.InvariantCulture));
                }

                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $",{run.Costs.Loads},{run.Costs.Evictions}"));
            }
        }
    }
}
