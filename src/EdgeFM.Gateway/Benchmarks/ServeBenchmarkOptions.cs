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
}
