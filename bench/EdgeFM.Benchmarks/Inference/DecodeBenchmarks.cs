using BenchmarkDotNet.Attributes;
using EdgeFM.Inference.Generation;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Synthesis;

namespace EdgeFM.Benchmarks.Inference;

/// <summary>
/// Prefill (128-token batch) and decode (128 tokens one at a time, reported per token) of random-weight llama models of
/// the shapes, the EdgeFM counterpart of <c>llama-bench -p 128 -n 128</c>. Run with
/// <c>dotnet run -c Release --project bench/EdgeFM.Benchmarks -- --filter '*DecodeBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private const int Tokens = 128;
    private string _directory = "";
    private LlamaModel? _model;
    private InferenceSession? _session;
    private int[] _prompt = [];

    /// <summary>Model shape: <c>15M</c> (dim 288, 6 layers, 32k vocab) or <c>110M</c> (dim 768, 12 layers, 32k vocab).</summary>
    [Params("15M", "110M")]
    public string Shape { get; set; } = "15M";

    /// <summary>Weight type.</summary>
    [Params(GgmlType.F32, GgmlType.Q8_0, GgmlType.Q4_0)]
    public GgmlType Type { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("edgefm-bench-").FullName;
        var path = Path.Combine(_directory, "model.gguf");
        var large = string.Equals(Shape, "110M", StringComparison.Ordinal);
        SyntheticModel.Write(new SyntheticModelOptions
        {
            Dimension = large ? 768 : 288,
            Layers = large ? 12 : 6,
            Heads = large ? 12 : 6,
            KvHeads = large ? 12 : 6,
            FeedForward = large ? 2048 : 768,
            Vocabulary = 32_000,
            Type = Type,
            ContextLength = 2 * Tokens,
        }, path);
        _model = LlamaModel.Load(path);
        _session = _model.CreateSession();
        var random = new Random(1);
        _prompt = [.. Enumerable.Range(0, Tokens).Select(_ => random.Next(_model.Config.VocabularySize))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>One 128-token prompt as a batch.</summary>
    [Benchmark(OperationsPerInvoke = Tokens)]
    public float Prefill() => SessionRuns.Prefill(_session!, _prompt);

    /// <summary>128 tokens decoded one at a time after a 1-token prompt; time and allocation per token.</summary>
    [Benchmark(OperationsPerInvoke = Tokens)]
    public float Decode() => SessionRuns.Decode(_session!, _prompt);
}
