using EdgeFM.Gateway.Placing;
using EdgeFM.Inference.Gguf;

namespace EdgeFM.Gateway.Configuration;

/// <summary>
/// Validated settings of one gateway process. Build it with <see cref="GatewaySettings.Load"/> from configuration
/// (command line, <c>appsettings.json</c>, <c>EDGEFM_</c> environment variables) or directly in code and tests.
/// </summary>
public sealed record GatewayOptions
{
    /// <summary>Edge (cache and offload) or cloud (serve everything locally).</summary>
    public GatewayRole Role { get; init; } = GatewayRole.Edge;

    /// <summary>Directory holding the GGUF and llama2.c model files; only its top level is scanned.</summary>
    public required string ModelsDirectory { get; init; }

    /// <summary>Bytes of memory the loaded models may use together; the cache never exceeds it.</summary>
    public long MemoryBudgetBytes { get; init; } = 2L << 30;

    /// <summary>Name of the cache policy (LC, LFU, LRU, FIFO, Random, Cloud).</summary>
    public string Policy { get; init; } = "LC";

    /// <summary>Base URL of the OpenAI-compatible cloud endpoint (including <c>/v1</c>), or null for none.</summary>
    public Uri? CloudUrl { get; init; }

    /// <summary>Bearer key sent to the cloud endpoint, or null.</summary>
    public string? CloudApiKey { get; init; }

    /// <summary>Model name to ask the cloud for; null forwards the request's own model id.</summary>
    public string? CloudModel { get; init; }

    /// <summary>
    /// Bearer key every endpoint but <c>/healthz</c> and <c>/readyz</c> requires; null disables auth. Settings refuse an
    /// empty or blank key (<see cref="GatewaySettings.Load"/>) instead of running open by mistake.
    /// </summary>
    public string? ApiKey { get; init; }

    /// <summary>True when clients must send <see cref="ApiKey"/>; the start-up banner says so.</summary>
    public bool AuthenticationEnabled => !string.IsNullOrEmpty(ApiKey);

    /// <summary>Kestrel listen URLs, separated by semicolons.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:8080";

    /// <summary>
    /// True to serve the live dashboard page at <c>/dashboard</c> (behind <see cref="ApiKey"/>, with a sign-in form that
    /// exchanges the key for a session cookie); its data endpoints <c>/v1/edge/stats</c> and <c>/v1/edge/events</c> are
    /// served either way. Off by default: the page adds a browser session, which an API-only gateway does not need.
    /// </summary>
    public bool Dashboard { get; init; }

    /// <summary>Largest accepted request body, in bytes; larger bodies get 413.</summary>
    public long MaxBodyBytes { get; init; } = 1L << 20;

    /// <summary>Largest accepted prompt, in characters summed over all messages; longer prompts get 400.</summary>
    public int MaxPromptChars { get; init; } = 32_768;

    /// <summary>Largest accepted <c>max_tokens</c>; also the default when a request gives none.</summary>
    public int MaxOutputTokens { get; init; } = 256;

    /// <summary>Requests one model may hold (running plus waiting) before new ones get 429.</summary>
    public int MaxQueuePerModel { get; init; } = 16;

    /// <summary>Requests the whole gateway may hold before new ones get 429, not counting those in the cloud (see <see cref="MaxCloudInFlight"/>).</summary>
    public int MaxQueueTotal { get; init; } = 64;

    /// <summary>Generations that may run at once on one loaded model; the rest wait in its queue.</summary>
    public int ParallelPerModel { get; init; } = 1;

    /// <summary>The placement policy and the cost model it weighs edge against cloud with.</summary>
    public PlacementSettings Placement { get; init; } = new();

    /// <summary>Context length (tokens) models are loaded with; sizes the KV cache and the memory estimate.</summary>
    public int ContextLength { get; init; } = 512;

    /// <summary>Element type of loaded models' KV caches: F32 (default) or F16 (half the cache memory, slightly different results).</summary>
    public GgmlType KvCacheType { get; init; } = GgmlType.F32;

    /// <summary>Compute threads per model; 0 is auto (see <see cref="Backends.ComputeThreads.Resolve"/>).</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Time limit of one attempt on the cloud link: connection, response headers and the first streamed chunk.
    /// A timed-out attempt counts as a failure for the circuit breaker and is retried within <see cref="CloudFirstByteTimeout"/>.
    /// </summary>
    public TimeSpan CloudTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Time limit from sending a request to the cloud to its first streamed chunk over all attempts, retry delays
    /// included: the longest a silent cloud can make a request wait before it falls back to the edge or fails.
    /// </summary>
    public TimeSpan CloudFirstByteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest silence between two chunks of the cloud's stream; beyond it the answer ends as incomplete (504 or an SSE error event).</summary>
    public TimeSpan CloudIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests that may wait for or stream from the cloud at once; they do not count against <see cref="MaxQueueTotal"/>.</summary>
    public int MaxCloudInFlight { get; init; } = 64;

    /// <summary>Retries after a failed cloud attempt (exponential backoff with jitter).</summary>
    public int CloudRetries { get; init; } = 2;

    /// <summary>First retry delay; later delays double.</summary>
    public TimeSpan CloudRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the circuit breaker stays open after tripping before it lets a probe through.</summary>
    public TimeSpan CloudBreakDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a request that must run at the edge waits for room when every loaded model is busy or pinned.</summary>
    public TimeSpan RoomWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Ω of Age of Context, in seconds: the age at which a demonstration stops counting. The scenario setting
    /// <c>context.windowSeconds</c>, with the built-in scenario's default.
    /// </summary>
    public double WindowSeconds { get; init; } = 900;

    /// <summary>
    /// ℓ of Age of Context: how fast relevance falls with topic distance (0: every topic counts fully). The scenario
    /// setting <c>context.topicSharpness</c>, with the built-in scenario's default.
    /// </summary>
    public double TopicSharpness { get; init; } = 4;

    /// <summary>
    /// LC's credit for a model it would load, in effective examples (&gt; 0). The scenario setting
    /// <c>context.newModelWorth</c>, with the built-in scenario's default.
    /// </summary>
    public double NewModelWorth { get; init; } = 0.02;

    /// <summary>
    /// Demonstrations (and demand records) a model keeps (≥ 1); the oldest is replaced when full. The scenario's
    /// per-model <c>contextCapacity</c>, with the built-in scenario's value.
    /// </summary>
    public int ContextCapacity { get; init; } = 8;

    /// <summary>
    /// File to record the requests the gateway plans to, in the simulator's trace format (CSV), with a scenario file
    /// beside it (<c>FILE.scenario.yaml</c>) that <c>edgefm simulate</c> replays it with; null records nothing.
    /// </summary>
    public string? TracePath { get; init; }

    /// <summary>Seed of the randomness the gateway uses (Random policy, ids); null seeds from the clock.</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// The gazetteer CSV the location facts come from; null is the copy shipped beside the gateway's assembly
    /// (<c>data/gazetteer/cities.csv</c>), else the one under the working directory.
    /// </summary>
    public string? GazetteerPath { get; init; }

    /// <summary>Operator site facts (YAML or JSON, see docs/netgpt.md), or null for none.</summary>
    public string? SitesPath { get; init; }

    /// <summary>
    /// The edge model, or LoRA adapter (<c>base:adapter</c>), that completes NetGPT prompts; null is the smallest model of
    /// the directory (first in catalog order on a tie). An id the directory lacks stops the gateway's start.
    /// </summary>
    public string? NetGptEdgeModel { get; init; }

    /// <summary>
    /// The SQLite file of demonstrations (created when missing). Null keeps them in a temporary file deleted at shutdown
    /// (tests); <c>edgefm serve</c> defaults to <see cref="Configuration.GatewaySettings.DefaultContextDb"/>.
    /// </summary>
    public string? ContextDbPath { get; init; }

    /// <summary>Demonstrations (k) put into the prompt of a plain edge request and of a NetGPT completion; 0 disables.</summary>
    public int Demonstrations { get; init; } = 3;

    /// <summary>Most tokens the demonstrations of a plain edge request may take (also bounded by the model's free context).</summary>
    public int DemonstrationTokens { get; init; } = 192;

    /// <summary>
    /// Weight in [0, 1] of another user's shareable demonstration in Age-of-Context relevance, against 1 for the
    /// requesting user's own (see <see cref="EdgeFM.Edge.Demonstrations.AgeOfContextSelector.OtherUserAffinity"/>);
    /// 0 shows a user only their own history, 1 ranks by wording alone.
    /// </summary>
    public double OtherUserAffinity { get; init; } = EdgeFM.Edge.Demonstrations.AgeOfContextSelector.DefaultOtherUserAffinity;

    /// <summary>The edge cluster this gateway joins, if any.</summary>
    public GatewayClusterOptions Cluster { get; init; } = new();
}
