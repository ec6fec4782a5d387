using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdgeFM.Core.Caching;
using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Reports;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Simulation.Tests.Cluster;

/// <summary>
/// Pins the results the simulator gave before multi-edge cooperation existed: every run of the reproduction scenario
/// (one edge) and of a four-edge scenario without cooperation, for several seeds and every built-in policy, must stay
/// bit for bit what it was. The expected hashes are of the per-run CSV (every metric in round-trip format, loads and
/// evictions), recorded with the simulator at commit 71d3f6f.
/// </summary>
public sealed class BackwardsCompatibilityTests
{
    [Fact]
    public void The_one_edge_reproduction_scenario_gives_the_old_results_for_seeds_1_to_8()
    {
        var scenario = BuiltInScenarios.Load(BuiltInScenarios.Reproduce);
        var result = ExperimentRunner.Run(scenario, CachePolicyNames.All, 8, 1);
        Assert.Equal("3833DD7572424768B8CBC382A4D5FA77589432354640C2B177EBD051702D7F5D", CsvHash(result));

        // A readable anchor beside the hash: LC's system cost for seed 1.
        var lc = result.Policies.Single(p => string.Equals(p.Name, CachePolicyNames.LC, StringComparison.Ordinal)).Runs[0].Costs.System;
        Assert.Equal("4.525486792927933", lc.ToString("R", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Independent_edges_give_the_old_results_for_seeds_1_to_4()
    {
        var scenario = TestScenarios.Small(servers: 4, models: 8, capacityGb: 20, requests: 3_000, zipf: 1.0, warmStart: true);
        var result = ExperimentRunner.Run(scenario, CachePolicyNames.All, 4, 1);
        Assert.Equal("16AE1A5D523F314EC73A25E1A965A4E3C749E5DE16A72AF6C495FB4E0785584F", CsvHash(result));
    }

    private static string CsvHash(ExperimentResult result)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        ResultCsv.Write(result, text);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString().ReplaceLineEndings("\n"))));
    }
}
