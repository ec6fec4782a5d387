using System.Text;
using EdgeFM.Gateway.Configuration;
using EdgeFM.Gateway.Placing;

namespace EdgeFM.Gateway.Tracing;

/// <summary>Writes the scenario file that replays a gateway's trace in the simulator.</summary>
internal static class TraceScenario
{
    /// <summary>
    /// The scenario: one edge server with the gateway's budget, its models with the bytes the policies see, the same
    /// policy settings and cost weights. Compute and load times are the gateway's priors (the replayed load, evict and
    /// offload decisions do not depend on them; only the cost figures do).
    /// </summary>
    public static string Render(string traceFileName, GatewayOptions options, Core.Models.ModelCatalog models)
    {
        var text = new StringBuilder();
        static void w(StringBuilder b, FormattableString line) => b.AppendLine(FormattableString.Invariant(line));
        w(text, $"# Replays a trace recorded by edgefm serve --trace: edgefm simulate --scenario <this file>");
        w(text, $"name: gateway-trace");
        w(text, $"seed: {options.Seed ?? 1}");
        w(text, $"runs: 1");
        w(text, $"warmStart: false           # the gateway started with an empty cache");
        w(text, $"policies: [{string.Join(", ", Core.Caching.CachePolicyNames.All)}]");
        w(text, $"cloud:");
        w(text, $"  latencySeconds: {options.Placement.CloudLatencySeconds:R}");
        w(text, $"  pricePerRequest: {options.Placement.CloudPricePerRequest:R}");
        w(text, $"weights:");
        var weights = options.Placement.Weights;
        w(text, $"  switchingLatency: {weights.SwitchingLatency:R}");
        w(text, $"  switchingEnergy: {weights.SwitchingEnergy:R}");
        w(text, $"  accuracy: {weights.Accuracy:R}");
        w(text, $"  inferenceLatency: {weights.InferenceLatency:R}");
        w(text, $"  offloadingLatency: {weights.OffloadingLatency:R}");
        w(text, $"  cloud: {weights.Cloud:R}");
        w(text, $"context:");
        w(text, $"  windowSeconds: {options.WindowSeconds:R}");
        w(text, $"  topicSharpness: {options.TopicSharpness:R}");
        w(text, $"  newModelWorth: {options.NewModelWorth:R}");
        w(text, $"workload:");
        w(text, $"  trace: {traceFileName}");
        w(text, $"  bytesPerToken: 4");
        w(text, $"servers:");
        w(text, $"  - name: {options.Role.ToString().ToLowerInvariant()}");
        w(text, $"    memoryGB: {options.MemoryBudgetBytes / 1e9:R}");
        w(text, $"    computeGflops: 50          # a CPU core pair; only the inference-latency cost depends on it");
        w(text, $"    linkMbps: {options.Placement.LinkBandwidthBytesPerSecond / 125_000:R}");
        w(text, $"models:");
        foreach (var model in models.Models)
        {
            w(text, $"  - id: {model.Id.Value}");
            w(text, $"    memoryGB: {model.MemoryBytes / 1e9:R}");
            w(text, $"    computeGflop: {2.0 * model.MemoryBytes / 4 * 150 / 1e9:R}   # 2 x parameters (4-byte weights) x 150 tokens");
            w(text, $"    loadSeconds: {model.MemoryBytes / ServiceRates.PriorLoadBytesPerSecond:R}");
            w(text, $"    contextCapacity: {model.ContextCapacity}");
            w(text, $"    accuracy: {{ zeroShot: {options.Placement.EdgeAccuracy.ZeroShot:R}, oneShotGain: {options.Placement.EdgeAccuracy.OneShotGain:R}, shape: {options.Placement.EdgeAccuracy.Shape:R} }}");
        }

        return text.ToString();
    }
}
