using System.Globalization;
using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm bench sim --cooperating N</c>: requests per second at one independent edge beside N cooperating edges.</summary>
internal static class BenchSimCluster
{
    public static async Task<int> RunAsync(int edges, long requests, string policy, int repeats, bool json, CancellationToken cancellationToken)
    {
        if (edges is < 1 or > 10_000)
        {
            throw new CliException($"--cooperating must be a number of edges between 1 and 10000, but is {edges}.");
        }

        var scenario = BuiltInScenarios.Load(BuiltInScenarios.Cooperation) with { Compare = new ClusterComparison([1, edges], [false, true]) };
        var variants = ClusterVariant.Expand(scenario);
        var single = variants[0].Scenario with { Requests = requests, WarmupRequests = 0 };
        var cooperating = variants[3].Scenario with { Requests = requests, WarmupRequests = 0 };
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"edgefm: simulating {requests:N0} requests of the 'cooperation' workload, {policy}, at 1 independent edge and at {edges} cooperating edges, {repeats} alternated timed run(s) each on one core...")).ConfigureAwait(false);
        var measured = Throughput.MeasureAlternating([single, cooperating], policy, repeats, cancellationToken);
        var one = measured[0].MaxBy(m => m.RequestsPerCpuSecond);
        var many = measured[1].MaxBy(m => m.RequestsPerCpuSecond);
        var ratio = many.RequestsPerCpuSecond / one.RequestsPerCpuSecond;
        var line = json
            ? string.Create(CultureInfo.InvariantCulture, $"{{\"policy\":\"{policy}\",\"requests\":{requests},\"singleEdge\":{Json(one)},\"cooperating\":{{\"edges\":{edges},\"measurement\":{Json(many)}}},\"ratio\":{ratio:R}}}")
            : string.Create(CultureInfo.InvariantCulture, $"1 independent edge: {one.RequestsPerSecond:N0} requests/s wall clock, {one.RequestsPerCpuSecond:N0} per CPU second\n{edges} cooperating edges: {many.RequestsPerSecond:N0} requests/s wall clock, {many.RequestsPerCpuSecond:N0} per CPU second\nratio (cooperating / single, per CPU second, best of {repeats} each): {ratio:0.00}");
        await Console.Out.WriteLineAsync(line).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static string Json(Throughput.Measurement m) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"seconds\":{m.Seconds:R},\"requestsPerSecond\":{m.RequestsPerSecond:R},\"cpuSeconds\":{m.CpuSeconds:R},\"requestsPerCpuSecond\":{m.RequestsPerCpuSecond:R}}}");
}
