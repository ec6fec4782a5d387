using EdgeFM.Inference.Kernels;
using EdgeFM.Inference.Models;

namespace EdgeFM.Inference.Training;

/// <summary>
/// A llama model with a trainable <see cref="LoraParameters"/>: a float32 forward pass over a batch of sequences that
/// keeps its activations, the cross-entropy loss, and the backward pass that gives the loss gradient of every A and
/// B weight through the whole network (embedding, RMSNorm, RoPE, grouped-query causal attention, SwiGLU, output).
/// The base weights stay frozen in the model's mapped file. Not thread-safe; the kernels run on the model's pool.
/// </summary>
/// <remarks>
/// A batch is a list of sequences laid end to end as token rows; each sequence attends only to itself, from position
/// 0. The loss of a batch is the mean over its predicted tokens. Same inputs and adapter give bit-identical results:
/// every parallel loop gives each output element to one work item with a fixed summation order.
/// </remarks>
public sealed partial class LoraTrainingModel
{
    private readonly LlamaModel _model;
    private readonly LlamaConfig _c;
    private readonly ComputePool _pool;
    private readonly FrozenProducts _frozen;
    private readonly float[] _inverseFrequencies;
    private readonly byte[] _embeddingRow;
    private TrainingActivations[] _layers = [];
    private float[] _final = [];
    private TrainingScratch? _scratch;
    private int _capacity;

    // The current batch: token rows, each row's position in its sequence and target token (-1: not in the loss).
    private int _rows;
    private int[] _tokens = [];
    private int[] _positions = [];
    private int[] _targets = [];
    private (int Start, int Length)[] _sequences = [];
    private float[] _cos = [];
    private float[] _sin = [];

    /// <summary>Trains <paramref name="adapter"/> on <paramref name="model"/>, which must be loaded with <see cref="ModelLoadOptions.RepackWeights"/> off.</summary>
    /// <exception cref="ArgumentException">The adapter was made for another shape, or the model's weights are repacked.</exception>
    public LoraTrainingModel(LlamaModel model, LoraParameters adapter)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(adapter);
        _model = model;
        _c = model.Config;
        if (!SameShape(adapter.Config, _c))
        {
            throw new ArgumentException($"The adapter was made for a model of another shape than {model.FilePath}.", nameof(adapter));
        }

        if (model.Weights.Repacked is not null)
        {
            throw new ArgumentException($"{model.FilePath} was loaded with repacked weights; load it with ModelLoadOptions.RepackWeights = false to train.", nameof(model));
        }

        Adapter = adapter;
        _pool = model.Pool;
        _frozen = new FrozenProducts(_pool);
        _inverseFrequencies = new float[_c.RopeDimensions / 2];
        for (var i = 0; i < _inverseFrequencies.Length; i++)
        {
            // The inference session's float32 arithmetic, so positions rotate identically.
            _inverseFrequencies[i] = 1.0f / MathF.Pow(_c.RopeBase, 2 * i / (float)_c.RopeDimensions);
        }

        _embeddingRow = new byte[model.Weights.TokenEmbedding.RowBytes];
    }

    /// <summary>The adapter whose weights the forward pass applies and the gradients are for.</summary>
    public LoraParameters Adapter { get; }

    /// <summary>The base model.</summary>
    public LlamaModel Model => _model;

    /// <summary>Bytes of the kept activations and scratch at the current capacity (largest batch seen).</summary>
    public long ActivationBytes => _scratch is null ? 0 : (((long)_layers.Length * PerLayerFloats(_c, Adapter.Rank, _capacity)) + _final.Length + _scratch.Floats) * sizeof(float);

    /// <summary>Runs the forward pass over <paramref name="batch"/> and returns its summed loss.</summary>
    public BatchLoss ComputeLoss(IReadOnlyList<TrainingSequence> batch)
    {
        Prepare(batch);
        ForwardLayers();
        return OutputLoss(null, 0);
    }

    /// <summary>
    /// Runs the forward and backward passes over <paramref name="batch"/>: adds the gradient of the batch's mean loss
    /// (summed loss / predicted tokens) with respect to every adapter weight to <paramref name="gradients"/>
    /// (laid out as <see cref="LoraParameters.Parameters"/>) and returns the summed loss.
    /// </summary>
    public BatchLoss ComputeGradients(IReadOnlyList<TrainingSequence> batch, float[] gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.Length != Adapter.Parameters.Length)
        {
            throw new ArgumentException($"Gradients need {Adapter.Parameters.Length} floats; got {gradients.Length}.", nameof(gradients));
        }

        Prepare(batch);
        ForwardLayers();
        var targets = 0;
        for (var i = 0; i < _rows; i++)
        {
            targets += _targets[i] >= 0 ? 1 : 0;
        }

        var residualGradient = Scratch.ResidualGradient;
        Array.Clear(residualGradient, 0, _rows * _c.Dimension);
        var loss = OutputLoss(residualGradient, targets == 0 ? 0 : 1f / targets);
        if (targets > 0)
        {
            Backward(residualGradient, gradients);
        }

        return loss;
    }

    /// <summary>
    /// The logits (tokens.Length × vocabulary, row-major) after every position of one sequence, as the training forward
    /// pass computes them with the current adapter weights.
    /// </summary>
    public float[] ComputeLogits(ReadOnlySpan<int> tokens)
    {
        Prepare([new TrainingSequence([.. tokens, 0], 1)]);
        ForwardLayers();
        return AllLogits();
    }

    private static bool SameShape(LlamaConfig a, LlamaConfig b) =>
        a.Dimension == b.Dimension && a.Layers == b.Layers && a.Heads == b.Heads && a.KvHeads == b.KvHeads
        && a.HeadDimension == b.HeadDimension && a.FeedForwardDimension == b.FeedForwardDimension && a.VocabularySize == b.VocabularySize;

    private static long PerLayerFloats(LlamaConfig c, int rank, int rows) =>
        (long)rows * ((4L * c.Dimension) + (2L * c.QueryDimension) + (2L * c.KvDimension) + (3L * c.FeedForwardDimension) + 2 + (TrainingTargets.All.Count * rank));

    private void Prepare(IReadOnlyList<TrainingSequence> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one sequence.", nameof(batch));
        }

        var rows = 0;
        foreach (var sequence in batch)
        {
            if (sequence.Tokens.Length < 2 || sequence.FirstTarget < 1 || sequence.FirstTarget >= sequence.Tokens.Length + 1)
            {
                throw new ArgumentException("Every sequence needs at least two tokens and 1 ≤ FirstTarget ≤ its length.", nameof(batch));
            }

            if (sequence.Tokens.Length - 1 > _c.ContextLength)
            {
                throw new ArgumentException($"A sequence of {sequence.Tokens.Length - 1} input tokens is longer than the model's context of {_c.ContextLength}.", nameof(batch));
            }

            rows += sequence.Tokens.Length - 1;
        }

        EnsureCapacity(rows);
        _rows = rows;
        _sequences = new (int, int)[batch.Count];
        var pairs = _inverseFrequencies.Length;
        var row = 0;
        for (var s = 0; s < batch.Count; s++)
        {
            var tokens = batch[s].Tokens;
            _sequences[s] = (row, tokens.Length - 1);
            for (var t = 0; t < tokens.Length - 1; t++, row++)
            {
                if ((uint)tokens[t] >= (uint)_c.VocabularySize || (uint)tokens[t + 1] >= (uint)_c.VocabularySize)
                {
                    throw new ArgumentException($"Token ids must be 0 to {_c.VocabularySize - 1} for this model.", nameof(batch));
                }

                _tokens[row] = tokens[t];
                _positions[row] = t;
                _targets[row] = t + 1 >= batch[s].FirstTarget ? tokens[t + 1] : -1;
                for (var p = 0; p < pairs; p++)
                {
                    var angle = t * _inverseFrequencies[p];
                    _cos[(row * pairs) + p] = MathF.Cos(angle);
                    _sin[(row * pairs) + p] = MathF.Sin(angle);
                }
            }
        }
    }

    private TrainingScratch Scratch => _scratch!;

    private void EnsureCapacity(int rows)
    {
        if (rows <= _capacity)
        {
            return;
        }

        _capacity = rows;
        _layers = new TrainingActivations[_c.Layers];
        for (var l = 0; l < _layers.Length; l++)
        {
            _layers[l] = new TrainingActivations(_c, Adapter.Rank, rows);
        }

        _final = new float[rows * _c.Dimension];
        _scratch = new TrainingScratch(_c, Adapter.Rank, rows, Math.Min(rows, OutputChunkRows));
        _tokens = new int[rows];
        _positions = new int[rows];
        _targets = new int[rows];
        _cos = new float[rows * _inverseFrequencies.Length];
        _sin = new float[rows * _inverseFrequencies.Length];
    }
}
