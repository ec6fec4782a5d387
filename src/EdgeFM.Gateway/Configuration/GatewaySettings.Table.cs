using System.Globalization;
using EdgeFM.Core.Caching;
using EdgeFM.Core.Models;
using EdgeFM.Gateway.Placing;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Models;

namespace EdgeFM.Gateway.Configuration;

public static partial class GatewaySettings
{
    private const string ModelsKey = "Models";

    /// <summary>Every setting, in the order help and docs list them.</summary>
    public static IReadOnlyList<GatewaySetting> All { get; } =
    [
        new("Role", "--role", "edge: cache models and offload to the cloud; cloud: serve everything locally.", "edge",
            (o, v) => o with { Role = ParseRole(v) }),
        new(ModelsKey, "--models", "Directory of GGUF and llama2.c model files (required).", "(none)",
            (o, v) => o with { ModelsDirectory = ParseDirectory(v) }),
        new("MemoryBudget", "--memory-budget", "Bytes all loaded models may use together: bytes or 512MiB, 2GiB, 1.5GB.", "2GiB",
            (o, v) => o with { MemoryBudgetBytes = ParseSize(v, minimum: 1) }),
        new("Policy", "--policy", "Cache policy: " + string.Join(", ", CachePolicyNames.All) + ".", "LC",
            (o, v) => o with { Policy = ParsePolicy(v) }),
        new("CloudUrl", "--cloud-url", "Base URL of an OpenAI-compatible cloud endpoint, including /v1.", "(none)",
            (o, v) => o with { CloudUrl = v.Length == 0 ? null : ParseUrl(v) }),
        new("CloudApiKey", "--cloud-api-key", "Bearer key for the cloud endpoint.", "(none)",
            (o, v) => o with { CloudApiKey = v.Length == 0 ? null : v }),
        new("CloudModel", "--cloud-model", "Model name to ask the cloud for (default: the request's model).", "(request's)",
            (o, v) => o with { CloudModel = v.Length == 0 ? null : v }),
        new("ApiKey", "--api-key", "Bearer key clients must send (all endpoints but /healthz, /readyz); omit it to run without authentication.", "(none)",
            (o, v) => o with { ApiKey = ParseApiKey(v) }),
        new("Urls", "--urls", "Listen URLs, separated by ';'.", "http://127.0.0.1:8080",
            (o, v) => o with { Urls = ParseUrls(v) }),
        new("Dashboard", "--dashboard", "Serve the live dashboard at /dashboard (behind the API key: a sign-in form exchanges it for a session cookie): on or off.", "off",
            (o, v) => o with { Dashboard = ParseOnOff(v) }),
        new("MaxBodySize", "--max-body-size", "Largest request body; larger gets 413.", "1MiB",
            (o, v) => o with { MaxBodyBytes = ParseSize(v, minimum: 64) }),
        new("MaxPromptChars", "--max-prompt-chars", "Largest prompt in characters (all messages); longer gets 400.", "32768",
            (o, v) => o with { MaxPromptChars = ParseInt(v, 1, 100_000_000) }),
        new("MaxOutputTokens", "--max-output-tokens", "Largest max_tokens, and the default when a request gives none.", "256",
            (o, v) => o with { MaxOutputTokens = ParseInt(v, 1, 1_000_000) }),
        new("MaxQueuePerModel", "--max-queue-per-model", "Requests per model (running + waiting) before 429.", "16",
            (o, v) => o with { MaxQueuePerModel = ParseInt(v, 1, 1_000_000) }),
        new("MaxQueueTotal", "--max-queue-total", "Requests in the whole gateway before 429, not counting those in the cloud.", "64",
            (o, v) => o with { MaxQueueTotal = ParseInt(v, 1, 1_000_000) }),
        new("MaxCloudInFlight", "--max-cloud-in-flight", "Requests waiting for or streaming from the cloud at once; more are served at the edge or refused.", "64",
            (o, v) => o with { MaxCloudInFlight = ParseInt(v, 1, 1_000_000) }),
        new("ParallelPerModel", "--parallel-per-model", "Generations running at once on one model.", "1",
            (o, v) => o with { ParallelPerModel = ParseInt(v, 1, 1024) }),
        new("Placement", "--placement", "Placement policy: " + string.Join(", ", PlacementPolicyNames.All) + ".", PlacementPolicyNames.Cost,
            (o, v) => o with { Placement = o.Placement with { Policy = ParseName(v, PlacementPolicyNames.All) } }),
        new("WeightSwitching", "--weight-switching", "Cost units per second of loading a model (Cost placement).", "1",
            (o, v) => o with { Placement = o.Placement with { Weights = o.Placement.Weights with { SwitchingLatency = ParseDouble(v, 0, 1e6) } } }),
        new("WeightInference", "--weight-inference", "Cost units per second of edge queueing and inference (Cost placement).", "1",
            (o, v) => o with { Placement = o.Placement with { Weights = o.Placement.Weights with { InferenceLatency = ParseDouble(v, 0, 1e6) } } }),
        new("WeightOffloading", "--weight-offloading", "Cost units per second of sending the input over the user-to-edge link (Cost placement).", "1",
            (o, v) => o with { Placement = o.Placement with { Weights = o.Placement.Weights with { OffloadingLatency = ParseDouble(v, 0, 1e6) } } }),
        new("WeightAccuracy", "--weight-accuracy", "Cost units per unit of edge inaccuracy 1 - A(context value) (Cost placement).", "1",
            (o, v) => o with { Placement = o.Placement with { Weights = o.Placement.Weights with { Accuracy = ParseDouble(v, 0, 1e6) } } }),
        new("WeightCloud", "--weight-cloud", "Multiplier on the cloud's cost per request, price + latency (Cost placement).", "1",
            (o, v) => o with { Placement = o.Placement with { Weights = o.Placement.Weights with { Cloud = ParseDouble(v, 0, 1e6) } } }),
        new("CloudPrice", "--cloud-price", "Price of one cloud request in cost units (Cost placement).", "0.5",
            (o, v) => o with { Placement = o.Placement with { CloudPricePerRequest = ParseDouble(v, 0, 1e6) } }),
        new("CloudLatency", "--cloud-latency", "Expected cloud request time until one is measured: 500ms, 1s (Cost placement).", "1s",
            (o, v) => o with { Placement = o.Placement with { CloudLatencySeconds = ParseDuration(v).TotalSeconds } }),
        new("EdgeAccuracy", "--edge-accuracy", "Edge accuracy curve A0,A1,alpha: A(V) = min(1, A0 + A1 log2(1 + V^alpha)) (Cost placement).", "0.8,0.05,1",
            (o, v) => o with { Placement = o.Placement with { EdgeAccuracy = ParseCurve(v) } }),
        new("ContextLength", "--context-length", "Context length (tokens) models are loaded with.", "512",
            (o, v) => o with { ContextLength = ParseInt(v, 16, 1 << 20) }),
        new("KvType", "--kv-type", "KV cache element type of loaded models: f32 (reference-exact) or f16 (half the cache memory).", "f32",
            (o, v) => o with { KvCacheType = ParseKvType(v) }),
        new("Threads", "--threads", "Compute threads per model (0: auto, the cores shared among generations that may run at once).", "0",
            (o, v) => o with { Threads = ParseInt(v, 0, 1024) }),
        new("CloudTimeout", "--cloud-timeout", "Time limit of one cloud attempt (connection, headers, first chunk): seconds or 500ms, 5s, 2m.", "5s",
            (o, v) => o with { CloudTimeout = ParseDuration(v) }),
        new("CloudFirstByteTimeout", "--cloud-first-byte-timeout", "Time limit to the cloud's first chunk over all attempts and retry delays.", "10s",
            (o, v) => o with { CloudFirstByteTimeout = ParseDuration(v) }),
        new("CloudIdleTimeout", "--cloud-idle-timeout", "Longest silence between two chunks of the cloud's stream; beyond it the answer ends as incomplete.", "30s",
            (o, v) => o with { CloudIdleTimeout = ParseDuration(v) }),
        new("CloudRetries", "--cloud-retries", "Retries after a failed cloud attempt.", "2",
            (o, v) => o with { CloudRetries = ParseInt(v, 0, 10) }),
        new("CloudRetryDelay", "--cloud-retry-delay", "First retry delay (doubles each retry, with jitter).", "200ms",
            (o, v) => o with { CloudRetryDelay = ParseDuration(v) }),
        new("CloudBreakDuration", "--cloud-break-duration", "How long the circuit stays open after tripping.", "15s",
            (o, v) => o with { CloudBreakDuration = ParseDuration(v) }),
        new("RoomWait", "--room-wait", "How long an edge request waits for room when every loaded model is busy or pinned.", "10s",
            (o, v) => o with { RoomWait = ParseDuration(v) }),
        new("WindowSeconds", "--window-seconds", "Age of Context window in seconds: a demonstration stops counting at this age (scenario: context.windowSeconds).", "900",
            (o, v) => o with { WindowSeconds = ParseDouble(v, 0.001, 1e9) }),
        new("TopicSharpness", "--topic-sharpness", "How fast a demonstration's relevance falls with topic distance, 0: all topics count fully (scenario: context.topicSharpness).", "4",
            (o, v) => o with { TopicSharpness = ParseDouble(v, 0, 1000) }),
        new("NewModelWorth", "--new-model-worth", "LC's credit for a model it would load, in effective examples (scenario: context.newModelWorth).", "0.02",
            (o, v) => o with { NewModelWorth = ParseDouble(v, 1e-9, 1e9) }),
        new("ContextCapacity", "--context-capacity", "Demonstrations a model keeps; the oldest is replaced when full (scenario: models[].contextCapacity).", "8",
            (o, v) => o with { ContextCapacity = ParseInt(v, 1, 1_000_000) }),
        new("Trace", "--trace", "Record planned requests to this CSV in the simulator's trace format, with FILE.scenario.yaml beside it for edgefm simulate.", "(none)",
            (o, v) => o with { TracePath = v.Length == 0 ? null : Path.GetFullPath(v) }),
        new("Gazetteer", "--gazetteer", "Gazetteer CSV of world places for location facts (NetGPT).", "data/gazetteer/cities.csv beside edgefm",
            (o, v) => o with { GazetteerPath = v.Length == 0 ? null : ParseFile(v, "a CSV file such as data/gazetteer/cities.csv") }),
        new("Sites", "--sites", "Operator site facts, YAML or JSON (venues, services, events per site; see docs/netgpt.md).", "(none)",
            (o, v) => o with { SitesPath = v.Length == 0 ? null : ParseFile(v, "a YAML or JSON sites file") }),
        new("NetGptEdgeModel", "--netgpt-edge-model", "Edge model, or LoRA adapter base:adapter, that completes NetGPT prompts (edgefm.personalize, netgpt/<model>); an id the models directory lacks stops the start.", "(smallest model)",
            (o, v) => o with { NetGptEdgeModel = v.Length == 0 ? null : v }),
        new("ContextDb", "--context-db", "SQLite file of the demonstrations served requests leave (created when missing).", "<local app data>/edgefm/context.db",
            (o, v) => o with { ContextDbPath = v.Length == 0 ? null : Path.GetFullPath(v) }),
        new("Demonstrations", "--demonstrations", "Demonstrations (k) chosen by Age of Context and put into each edge prompt; 0 disables.", "3",
            (o, v) => o with { Demonstrations = ParseInt(v, 0, 64) }),
        new("DemonstrationTokens", "--demonstration-tokens", "Most tokens the demonstrations of a plain edge request may take.", "192",
            (o, v) => o with { DemonstrationTokens = ParseInt(v, 0, 1 << 20) }),
        new("OtherUserAffinity", "--other-user-affinity", "Weight of another user's shareable demonstration in Age-of-Context relevance (own: 1); 0 shows each user only their own.", "0.25",
            (o, v) => o with { OtherUserAffinity = ParseDouble(v, 0, 1) }),
        new("Seed", "--seed", "Seed of the gateway's randomness (Random policy); empty seeds from the clock.", "(clock)",
            (o, v) => o with { Seed = v.Length == 0 ? null : ParseInt(v, int.MinValue, int.MaxValue) }),
        .. ClusterTable,
    ];

    private static string ParseApiKey(string value) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new FormatException("an empty or blank key would leave the gateway without authentication; give a key, or omit --api-key (and EDGEFM_APIKEY) to run without one")
            : value;

    private static bool ParseOnOff(string value) => value.ToUpperInvariant() switch
    {
        "ON" or "TRUE" or "1" => true,
        "OFF" or "FALSE" or "0" => false,
        _ => throw new FormatException("expected on or off"),
    };

    private static GgmlType ParseKvType(string value) =>
        ModelLoadOptions.TryParseKvCacheType(value, out var type) ? type : throw new FormatException("expected f32 or f16");

    private static GatewayRole ParseRole(string value) => value.ToUpperInvariant() switch
    {
        "EDGE" => GatewayRole.Edge,
        "CLOUD" => GatewayRole.Cloud,
        _ => throw new FormatException("expected edge or cloud"),
    };

    private static string ParseDirectory(string value) =>
        Directory.Exists(value) ? Path.GetFullPath(value) : throw new FormatException("directory not found; give an existing directory of model files");

    private static string ParseFile(string value, string what) =>
        File.Exists(value) ? Path.GetFullPath(value) : throw new FormatException($"file not found; give {what}");

    private static long ParseSize(string value, long minimum) =>
        ByteSize.TryParse(value, out var bytes) && bytes >= minimum
            ? bytes
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"expected bytes or a size like 512MiB, 2GiB (at least {minimum} bytes)"));

    private static string ParsePolicy(string value) => ParseName(value, CachePolicyNames.All);

    private static string ParseName(string value, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (string.Equals(name, value, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        throw new FormatException("expected one of " + string.Join(", ", names));
    }

    private static AccuracyCurve ParseCurve(string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        const string expected = "expected A0,A1,alpha like 0.8,0.05,1 (A0 in [0, 1], A1 >= 0, alpha > 0)";
        return parts.Length == 3
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var zeroShot) && zeroShot is >= 0 and <= 1
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var gain) && gain is >= 0 and <= 1
            && double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var shape) && shape is > 0 and <= 100
            ? new AccuracyCurve(zeroShot, gain, shape)
            : throw new FormatException(expected);
    }

    private static Uri ParseUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal) || string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal))
            ? uri
            : throw new FormatException("expected an absolute http:// or https:// URL such as http://cloud:8080/v1");

    private static string ParseUrls(string value)
    {
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            _ = ParseUrl(part.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
        }

        return value.Length > 0 ? value : throw new FormatException("expected one or more URLs like http://127.0.0.1:8080");
    }

    private static int ParseInt(string value, int minimum, int maximum) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= minimum && number <= maximum
            ? number
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"expected a whole number from {minimum} to {maximum}"));

    private static double ParseDouble(string value, double minimum, double maximum) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= minimum && number <= maximum
            ? number
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"expected a number from {minimum} to {maximum}"));

    private static TimeSpan ParseDuration(string value)
    {
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60)];
        var factor = 1.0;
        var number = value;
        foreach (var (suffix, seconds) in units)
        {
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                factor = seconds;
                number = value[..^suffix.Length];
                break;
            }
        }

        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount * factor is > 0 and <= 86_400
            ? TimeSpan.FromSeconds(amount * factor)
            : throw new FormatException("expected a duration above zero and at most a day, like 500ms, 30s, 2m");
    }
}
