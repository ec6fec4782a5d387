using BenchmarkDotNet.Attributes;
using EdgeFM.Inference.Generation;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Synthesis;

namespace EdgeFM.Benchmarks.Inference;

/// <summary>
/// Prefill (64-token batch) and decode (64 tokens, reported per token) of a stories15M-shape random model with no
/// adapter, with a random rank-<see cref="Rank"/> LoRA adapter on all block targets and the output matrix applied
/// unmerged, and with it merged. Run with
/// <c>dotnet run -c Release --project bench/EdgeFM.Benchmarks -- --filter '*LoraDecodeBenchmarks*'</c>;
/// <c>edgefm bench lora</c> measures many concurrent sessions and adapters.
/// </summary>
[MemoryDiagnoser]
public class LoraDecodeBenchmarks
{
    private const int Tokens = 64;
    private string _directory = "";
    private LlamaModel? _model;
    private LlamaModel? _merged;
    private InferenceSession? _session;
    private int[] _prompt = [];

    /// <summary>Weight type of the base model.</summary>
    [Params(GgmlType.F32, GgmlType.Q8_0)]
    public GgmlType Type { get; set; }

    /// <summary>Adapter rank.</summary>
    [Params(8)]
    public int Rank { get; set; }

    /// <summary><c>none</c>, <c>unmerged</c> or <c>merged</c>.</summary>
    [Params("none", "unmerged", "merged")]
    public string Adapter { get; set; } = "none";

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("edgefm-bench-").FullName;
        var path = Path.Combine(_directory, "model.gguf");
        SyntheticModel.Write(new SyntheticModelOptions
        {
            Dimension = 288, Layers = 6, Heads = 6, KvHeads = 6, FeedForward = 768, Vocabulary = 32_000, Type = Type, ContextLength = 2 * Tokens,
        }, path);
        _model = LlamaModel.Load(path);
        var adapter = LoraAdapter.FromWeights(SyntheticAdapter.Create(_model.Config, Rank, alpha: 2f * Rank, seed: 1), "synthetic");
        _merged = string.Equals(Adapter, "merged", StringComparison.Ordinal) ? _model.MergeAdapter(adapter) : null;
        _session = (_merged ?? _model).CreateSession();
        _session.SetAdapter(string.Equals(Adapter, "unmerged", StringComparison.Ordinal) ? adapter : null);
        var random = new Random(1);
        _prompt = [.. Enumerable.Range(0, Tokens).Select(_ => random.Next(_model.Config.VocabularySize))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _merged?.Dispose();
        _model?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>One 64-token prompt as a batch.</summary>
    [Benchmark(OperationsPerInvoke = Tokens)]
    public float Prefill() => SessionRuns.Prefill(_session!, _prompt);

    /// <summary>64 tokens decoded one at a time after a 1-token prompt; time and allocation per token.</summary>
    [Benchmark(OperationsPerInvoke = Tokens)]
    public float Decode() => SessionRuns.Decode(_session!, _prompt);
}
