using EdgeFM.Core.Caching;
using EdgeFM.Core.Costs;
using EdgeFM.Core.Models;
using EdgeFM.Core.Topology;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeFM.Simulation.Scenarios;

/// <summary>
/// Loads scenario files, YAML or JSON (JSON is read as YAML's flow style, so both report lines and columns).
/// The format is documented in docs/simulation.md. Every problem throws one <see cref="ScenarioException"/>.
/// </summary>
public static partial class ScenarioLoader
{
    private const double GB = 1e9;

    /// <summary>Loads the scenario file at <paramref name="path"/>; a trace it names is read relative to the file.</summary>
    public static Scenario Load(string path, CachePolicyFactory? policies = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ScenarioException(path, 0, 0, null, "the scenario file does not exist; check the path (try 'edgefm scenario show reproduce > my.yaml').");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        return Parse(File.ReadAllText(path), path, directory, policies);
    }

    /// <summary>Parses scenario text; <paramref name="name"/> names it in errors, <paramref name="baseDirectory"/> resolves a trace path.</summary>
    public static Scenario Parse(string text, string name, string baseDirectory, CachePolicyFactory? policies = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        policies ??= new CachePolicyFactory();
        var root = ReadRoot(text, name);
        var fields = new YamlFields(name, root, string.Empty);

        var scenarioName = fields.Text("name", required: false) ?? Path.GetFileNameWithoutExtension(name);
        var seed = (int)fields.Whole("seed", 1, int.MinValue, int.MaxValue);
        var runs = (int)fields.Whole("runs", 1, 1, 100_000);
        var requests = fields.Whole("requests", 0, 0);
        var warmup = fields.Whole("warmupRequests", 0, 0);
        var duration = fields.Number("durationSeconds", 0, 0);
        var warmStart = fields.Flag("warmStart", fallback: true);
        var policyNames = ReadPolicies(fields, policies);
        var catalog = ReadModels(fields);
        var (servers, placed) = ReadServers(fields);
        var cloud = ReadCloud(fields);
        var weights = ReadWeights(fields);
        var context = ReadContext(fields);
        var workload = ReadWorkload(fields, baseDirectory);
        var cluster = ReadCluster(fields);
        var compare = ReadCompare(fields);
        fields.Finish();
        var topology = PlaceOnGrid(servers, placed, workload.AreaKm);

        if (requests == 0 && duration == 0 && workload.TracePath is null)
        {
            throw fields.Error(fields.Node, "requests", "the run never stops; set 'requests:' (a count) or 'durationSeconds:' (seconds), or replay a trace.");
        }

        var trace = workload.TracePath is null ? null : Workloads.TraceReader.Read(workload.TracePath, catalog);
        return new Scenario
        {
            Name = scenarioName,
            Seed = seed,
            Runs = runs,
            Requests = requests,
            WarmupRequests = warmup,
            DurationSeconds = duration,
            WarmStart = warmStart,
            Policies = policyNames,
            Catalog = catalog,
            Servers = topology,
            Cloud = cloud,
            Weights = weights,
            Context = context,
            Workload = workload,
            Trace = trace,
            Cluster = cluster,
            Compare = compare,
        };
    }

    private static YamlMappingNode ReadRoot(string text, string name)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            var problem = (ex.InnerException?.Message ?? ex.Message).Trim();
            throw new ScenarioException(name, (int)ex.Start.Line, (int)ex.Start.Column, null, $"syntax error: {problem}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ScenarioException(name, 1, 1, null, "expected a mapping of scenario fields (models:, servers:, cloud:, workload:, ...); see docs/simulation.md.");
        }

        return root;
    }

    private static List<string> ReadPolicies(YamlFields fields, CachePolicyFactory policies)
    {
        var sequence = fields.Sequence("policies", required: false, "a list of policy names");
        if (sequence is null)
        {
            return [CachePolicyNames.LC];
        }

        var names = new List<string>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var name = fields.ItemText(sequence, i, "policies");
            var canonical = policies.CanonicalName(name)
                ?? throw fields.Error(sequence.Children[i], $"policies[{i}]", $"unknown policy '{name}'; known policies: {string.Join(", ", policies.Names)}.");
            names.Add(canonical);
        }

        return names;
    }

    private static ModelCatalog ReadModels(YamlFields fields)
    {
        var sequence = fields.Sequence("models", required: true, "a list of models")!;
        var models = new List<ModelSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = fields.Item(sequence, i, "models");
            var id = item.Text("id", required: true, "the model's id")!;
            var count = (int)item.Whole("count", 1, 1, 100_000);
            var kindText = item.Text("kind", required: false) ?? "language";
            if (!Enum.TryParse<ModelKind>(kindText, ignoreCase: true, out var kind) || int.TryParse(kindText, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                throw item.Error(item.Node, item.Field("kind"), $"unknown kind '{kindText}'; expected language, vision or multimodal.");
            }

            var accuracy = item.Mapping("accuracy", required: false);
            var spec = new ModelSpec
            {
                Id = new ModelId(id),
                Kind = kind,
                Parameters = (long)item.Number("parameters", 0, 0),
                MemoryBytes = (long)Math.Round(item.Number("memoryGB", null, 0, exclusiveMin: true, unit: " (GB)") * GB),
                ComputePerRequestGflop = item.Number("computeGflop", null, 0, unit: " (GFLOP per request)"),
                LoadLatencySeconds = item.Number("loadSeconds", null, 0, unit: " (seconds)"),
                LoadEnergyJoules = item.Number("loadJoules", 0, 0, unit: " (joules)"),
                ContextCapacity = (int)item.Whole("contextCapacity", 8, 1, 4096),
                Accuracy = accuracy is null ? new AccuracyCurve(0.3, 0.05, 1) : new AccuracyCurve(
                    accuracy.Number("zeroShot", null, 0, 1),
                    accuracy.Number("oneShotGain", null, 0, 1),
                    accuracy.Number("shape", 1, 0, 10, exclusiveMin: true)),
            };
            accuracy?.Finish();
            item.Finish();
            for (var k = 0; k < count; k++)
            {
                var copy = count == 1 ? spec : spec with { Id = new ModelId($"{id}-{k + 1}") };
                if (!seen.Add(copy.Id.Value))
                {
                    throw item.Error(item.Node, item.Field("id"), $"model id '{copy.Id}' is used twice; model ids must be unique.");
                }

                models.Add(copy);
            }
        }

        return new ModelCatalog(models);
    }

    private static (List<EdgeServerSpec> Servers, List<bool> Placed) ReadServers(YamlFields fields)
    {
        var sequence = fields.Sequence("servers", required: true, "a list of edge servers")!;
        var servers = new List<EdgeServerSpec>();
        var placed = new List<bool>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = fields.Item(sequence, i, "servers");
            var name = item.Text("name", required: false) ?? $"edge-{i + 1}";
            var count = (int)item.Whole("count", 1, 1, 100_000);
            var hasX = item.Has("x");
            var hasPosition = item.Has("y") && hasX;
            var spec = new EdgeServerSpec
            {
                Name = name,
                MemoryCapacityBytes = (long)Math.Round(item.Number("memoryGB", null, 0, exclusiveMin: true, unit: " (GB)") * GB),
                ComputeGflopPerSecond = item.Number("computeGflops", null, 0, exclusiveMin: true, unit: " (GFLOP/s)"),
                EnergyJoulesPerGflop = item.Number("energyJoulesPerGflop", 0, 0),
                LinkLatencySeconds = item.Number("linkLatencySeconds", 0, 0, unit: " (seconds)"),
                LinkBandwidthBytesPerSecond = item.Number("linkMbps", 100, 0, exclusiveMin: true, unit: " (Mbit/s)") * 125_000,
                X = item.Number("x", 0),
                Y = item.Number("y", 0),
            };
            item.Finish();
            for (var k = 0; k < count; k++)
            {
                servers.Add(count == 1 ? spec : spec with { Name = $"{name}-{k + 1}" });
                placed.Add(hasPosition);
            }
        }

        return (servers, placed);
    }

    /// <summary>Servers without explicit x and y are spread over a square grid covering the area, in order.</summary>
    private static List<EdgeServerSpec> PlaceOnGrid(List<EdgeServerSpec> servers, List<bool> placed, double areaKm)
    {
        var side = (int)Math.Ceiling(Math.Sqrt(servers.Count));
        var cell = areaKm / side;
        var result = new List<EdgeServerSpec>(servers.Count);
        for (var i = 0; i < servers.Count; i++)
        {
            result.Add(placed[i] ? servers[i] : servers[i] with { X = ((i % side) + 0.5) * cell, Y = ((i / side) + 0.5) * cell });
        }

        return result;
    }

    private static CloudSpec ReadCloud(YamlFields fields)
    {
        var cloud = fields.Mapping("cloud", required: true)!;
        var spec = new CloudSpec(
            cloud.Number("latencySeconds", null, 0, unit: " (seconds)"),
            cloud.Number("pricePerRequest", null, 0, unit: " (cost units)"));
        cloud.Finish();
        return spec;
    }

    private static CostWeights ReadWeights(YamlFields fields)
    {
        var w = fields.Mapping("weights", required: false);
        if (w is null)
        {
            return new CostWeights();
        }

        var defaults = new CostWeights();
        var weights = new CostWeights
        {
            SwitchingLatency = w.Number("switchingLatency", defaults.SwitchingLatency, 0),
            SwitchingEnergy = w.Number("switchingEnergy", defaults.SwitchingEnergy, 0),
            Accuracy = w.Number("accuracy", defaults.Accuracy, 0),
            InferenceLatency = w.Number("inferenceLatency", defaults.InferenceLatency, 0),
            OffloadingLatency = w.Number("offloadingLatency", defaults.OffloadingLatency, 0),
            Cloud = w.Number("cloud", defaults.Cloud, 0),
        };
        w.Finish();
        return weights;
    }

    private static ContextSettings ReadContext(YamlFields fields)
    {
        var c = fields.Mapping("context", required: false);
        if (c is null)
        {
            return new ContextSettings();
        }

        var defaults = new ContextSettings();
        var settings = new ContextSettings
        {
            WindowSeconds = c.Number("windowSeconds", defaults.WindowSeconds, 0, exclusiveMin: true, unit: " (seconds)"),
            TopicSharpness = c.Number("topicSharpness", defaults.TopicSharpness, 0),
            NewModelWorth = c.Number("newModelWorth", defaults.NewModelWorth, 0, exclusiveMin: true, unit: " (effective examples)"),
        };
        c.Finish();
        return settings;
    }

    private static WorkloadSettings ReadWorkload(YamlFields fields, string baseDirectory)
    {
        var w = fields.Mapping("workload", required: false);
        if (w is null)
        {
            return new WorkloadSettings();
        }

        var d = new WorkloadSettings();
        var trace = w.Text("trace", required: false);
        var settings = new WorkloadSettings
        {
            Users = (int)w.Whole("users", d.Users, 1, 10_000_000),
            RatePerUser = w.Number("ratePerUser", d.RatePerUser, 0, exclusiveMin: true, unit: " (requests per second)"),
            ZipfSkew = w.Number("zipfSkew", d.ZipfSkew, 0, 10),
            PopularityShiftSeconds = w.Number("popularityShiftSeconds", d.PopularityShiftSeconds, 0, unit: " (seconds)"),
            TopicDriftPerSecond = w.Number("topicDriftPerSecond", d.TopicDriftPerSecond, 0, unit: " (turns per second)"),
            TopicJitter = w.Number("topicJitter", d.TopicJitter, 0, 0.5),
            InputTokens = (int)w.Whole("inputTokens", d.InputTokens, 0, 10_000_000),
            OutputTokens = (int)w.Whole("outputTokens", d.OutputTokens, 0, 10_000_000),
            BytesPerToken = w.Number("bytesPerToken", d.BytesPerToken, 0),
            AreaKm = w.Number("areaKm", d.AreaKm, 0, exclusiveMin: true, unit: " (km)"),
            TracePath = trace is null ? null : Path.GetFullPath(trace, baseDirectory),
        };
        w.Finish();
        return settings;
    }
}
