namespace EdgeFM.Gateway.Benchmarks;

/// <summary>What <see cref="ServeBenchmark"/> runs.</summary>
public sealed record ServeBenchmarkOptions
{
    /// <summary>The model file (GGUF, or llama2.c with <see cref="TokenizerPath"/>).</summary>
    public required string ModelPath { get; init; }

    /// <summary>Tokenizer of a llama2.c checkpoint, or null.</summary>
    public string? TokenizerPath { get; init; }

    /// <summary>Requests per run (after one warm-up request).</summary>
    public int Requests { get; init; } = 200;

    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Tokens each request generates (greedy, so every request does the same work).</summary>
    public int MaxTokens { get; init; } = 32;

    /// <summary>The prompt of every request.</summary>
    public string Prompt { get; init; } = "Once upon a time";

    /// <summary>Compute threads of the model (0: auto, as <c>edgefm serve</c> chooses; see <see cref="Backends.ComputeThreads.Resolve"/>).</summary>
    public int Threads { get; init; }

    /// <summary>Context length the model is loaded with.</summary>
    public int ContextLength { get; init; } = 256;

    /// <summary>
    /// LoRA adapters the requests spread over (<see cref="AdapterServeBenchmark"/>); 0 runs the plain gateway-versus-direct
    /// benchmark instead.
    /// </summary>
    public int Adapters { get; init; }

    /// <summary>Adapters the memory budget holds beside the base model in the "spill" configuration (fewer than <see cref="Adapters"/>).</summary>
    public int AdaptersThatFit { get; init; } = 2;

    /// <summary>Rank of the random adapters.</summary>
    public int AdapterRank { get; init; } = 8;

    /// <summary>Rounds of the adapter benchmark; each round measures every configuration once, alternated.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Seed of the adapters' weights and of the requests' adapter choice; of the NetGPT benchmark's request mix.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Fraction (0 to 1, exclusive) of requests sent as NetGPT requests (<c>edgefm.personalize</c>) by
    /// <see cref="NetGptServeBenchmark"/>; the rest are plain edge requests. 0 runs the plain gateway-versus-direct
    /// benchmark instead.
    /// </summary>
    public double PersonalizeFraction { get; init; }

    /// <summary>The NetGPT data set whose prompts, users and locations the NetGPT benchmark sends (JSON lines; see <c>PersonalizationDataset</c>).</summary>
    public string DataSetPath { get; init; } = Path.Combine("data", "netgpt", "personalization.jsonl");

    /// <summary>The gazetteer the benchmark's gateway resolves locations with, or null for the gateway's default.</summary>
    public string? GazetteerPath { get; init; }

    /// <summary>
    /// With the NetGPT benchmark: put a cloud tier on loopback (a second gateway, <c>--role cloud</c>, serving the same
    /// model file as <see cref="NetGptServeBenchmark.CloudModelId"/>) and name that model in every request, so plain
    /// requests go to the cloud and NetGPT requests are completed at the edge and answered by the cloud. False: no cloud.
    /// </summary>
    public bool LoopbackCloud { get; init; }

    /// <summary>Requests of each kind sent one at a time before the NetGPT benchmark measures (loads the model, warms both paths).</summary>
    public int WarmUp { get; init; } = 5;
}
