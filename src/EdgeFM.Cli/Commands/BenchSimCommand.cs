using System.CommandLine;
using System.Globalization;
using EdgeFM.Core.Caching;
using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm bench sim</c>: simulated requests per second of one core on a scaled reproduction scenario.</summary>
internal static class BenchSimCommand
{
    internal const string Name = "sim";

    internal const string Description = "Simulated requests per second on one core (scaled reproduction scenario).";

    internal static Command Create()
    {
        var requests = new Option<long>("--requests") { Description = "Requests per run.", DefaultValueFactory = _ => 1_000_000 };
        var servers = new Option<int>("--servers") { Description = "Edge servers (10 users each).", DefaultValueFactory = _ => 100 };
        var models = new Option<int>("--models") { Description = "Models (the reproduction catalog repeated).", DefaultValueFactory = _ => 50 };
        var policy = new Option<string>("--policy") { Description = "Cache policy.", DefaultValueFactory = _ => CachePolicyNames.LC };
        var repeat = new Option<int>("--repeat") { Description = "Timed runs; the fastest is reported.", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object {requests, seconds, requestsPerSecond}." };
        var cluster = new Option<int?>("--cooperating")
        {
            Description = "Instead: the built-in 'cooperation' workload at one independent edge beside N cooperating edges (e.g. 16), alternated in one process; --servers and --models are not used.",
        };
        var command = new Command(Name, Description);
        foreach (var option in new Option[] { requests, servers, models, policy, repeat, json, cluster })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var requestCount = parseResult.GetValue(requests);
            var serverCount = parseResult.GetValue(servers);
            var modelCount = parseResult.GetValue(models);
            var repeats = parseResult.GetValue(repeat);
            if (requestCount < 1 || serverCount < 1 || modelCount < 1 || repeats < 1)
            {
                throw new CliException("--requests, --servers, --models and --repeat must each be at least 1.");
            }

            var factory = new CachePolicyFactory();
            var policyName = factory.CanonicalName(parseResult.GetValue(policy)!)
                ?? throw new CliException($"--policy: unknown policy '{parseResult.GetValue(policy)}'; known policies: {string.Join(", ", factory.Names)}.");
            if (parseResult.GetValue(cluster) is { } edges)
            {
                return await BenchSimCluster.RunAsync(edges, requestCount, policyName, repeats, parseResult.GetValue(json), cancellationToken).ConfigureAwait(false);
            }

            var scenario = ScenarioScaling.Scale(BuiltInScenarios.Load(BuiltInScenarios.Reproduce), serverCount, modelCount, requestCount);
            await Console.Error.WriteLineAsync($"edgefm: simulating {requestCount:N0} requests, {serverCount} servers, {modelCount} models, {policyName}, {repeats} timed run(s) on one core...").ConfigureAwait(false);
            var measurements = Throughput.Measure(scenario, policyName, repeats, cancellationToken);
            var best = measurements.MaxBy(m => m.RequestsPerSecond);
            var line = parseResult.GetValue(json)
                ? string.Create(CultureInfo.InvariantCulture, $"{{\"requests\":{best.Requests},\"seconds\":{best.Seconds:R},\"requestsPerSecond\":{best.RequestsPerSecond:R},\"cpuSeconds\":{best.CpuSeconds:R},\"requestsPerCpuSecond\":{best.RequestsPerCpuSecond:R}}}")
                : string.Create(CultureInfo.InvariantCulture, $"{best.Requests:N0} requests in {best.Seconds:0.000} s: {best.RequestsPerSecond:N0} requests/s wall clock, {best.RequestsPerCpuSecond:N0} per CPU second (best of {repeats}; all: {string.Join(", ", measurements.Select(m => m.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))})");
            await Console.Out.WriteLineAsync(line).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
