using EdgeFM.Core.Randomness;
using BenchmarkDotNet.Attributes;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Synthesis;
using EdgeFM.Inference.Training;

namespace EdgeFM.Benchmarks.Training;

/// <summary>
/// One LoRA training step (forward, backward, clipping, AdamW) on a batch of 8 sequences of 64 tokens, every token in
/// the loss, rank 8 on all seven matrices of every layer, reported per token. Shapes: stories260K's (dim 64, 5 layers,
/// 8 heads over 4 KV heads, vocabulary 512) and stories15M's (dim 288, 6 layers, vocabulary 32000, tied output), random
/// float32 weights. Run with <c>dotnet run -c Release --project bench/EdgeFM.Benchmarks -- --filter '*TrainingStep*'</c>.
/// </summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private const int Sequences = 8;
    private const int Length = 64;
    private string _directory = "";
    private LlamaModel? _model;
    private LoraTrainingModel? _training;
    private AdamWOptimizer? _optimizer;
    private float[] _gradients = [];
    private TrainingSequence[] _batch = [];

    /// <summary>Model shape: <c>260K</c> or <c>15M</c>.</summary>
    [Params("260K", "15M")]
    public string Shape { get; set; } = "260K";

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("edgefm-bench-").FullName;
        var path = Path.Combine(_directory, "model.gguf");
        var small = string.Equals(Shape, "260K", StringComparison.Ordinal);
        SyntheticModel.Write(new SyntheticModelOptions
        {
            Dimension = small ? 64 : 288,
            Layers = small ? 5 : 6,
            Heads = small ? 8 : 6,
            KvHeads = small ? 4 : 6,
            FeedForward = small ? 172 : 768,
            Vocabulary = small ? 512 : 32_000,
            Type = GgmlType.F32,
            ContextLength = 256,
            SeparateOutput = small,
        }, path);
        _model = LlamaModel.Load(path, new ModelLoadOptions { RepackWeights = false, LoadTokenizer = false });
        var adapter = new LoraParameters(_model.Config, 8, 16f, TrainingTargets.All);
        var random = new Xoshiro256(1);
        adapter.Initialize(random);
        _training = new LoraTrainingModel(_model, adapter);
        _optimizer = new AdamWOptimizer(adapter.Parameters.Length);
        _gradients = new float[adapter.Parameters.Length];
        _batch = [.. Enumerable.Range(0, Sequences).Select(_ => new TrainingSequence([.. Enumerable.Range(0, Length + 1).Select(_ => random.NextInt32(_model.Config.VocabularySize))], 1))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>One optimizer step on 8 × 64 tokens; time and allocation per token.</summary>
    [Benchmark(OperationsPerInvoke = Sequences * Length)]
    public double Step()
    {
        Array.Clear(_gradients);
        var loss = _training!.ComputeGradients(_batch, _gradients);
        GradientClipping.ClipGlobalNorm(_gradients, 1f);
        _optimizer!.Update(_training.Adapter.Parameters, _gradients, 1e-3f);
        return loss.Sum;
    }
}
