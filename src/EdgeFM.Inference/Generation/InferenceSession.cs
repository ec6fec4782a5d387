using System.Numerics;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;
using EdgeFM.Inference.Models;

namespace EdgeFM.Inference.Generation;

/// <summary>
/// The state of one sequence being run through a <see cref="LlamaModel"/>: the KV cache and every scratch buffer,
/// allocated once so that <see cref="Decode"/> allocates nothing. Not thread-safe: one sequence, one caller at a time
/// (the kernels inside a step run on the model's <see cref="ComputePool"/>).
/// </summary>
public sealed partial class InferenceSession
{
    /// <summary>Most prompt tokens processed together by one batched (matrix-matrix) forward step.</summary>
    public const int MaxBatchSize = 128;

    private readonly LlamaModel _model;
    private readonly LlamaConfig _config;
    private readonly ComputePool _pool;
    // One pair of the two is allocated, by the model's KvCacheType: float32 or half per cached element.
    private readonly float[][]? _keyCache;
    private readonly float[][]? _valueCache;
    private readonly Half[][]? _keyCacheHalf;
    private readonly Half[][]? _valueCacheHalf;
    private readonly float[] _logits;
    private readonly float[] _attentionScores;
    private readonly float[] _inverseFrequencies;
    private readonly byte[] _embeddingRow;
    private readonly Action<int> _attendHead;
    private readonly StepBuffers _single;
    private StepBuffers? _batch;

    // State of the layer being computed, read by the attention workers (kept in fields so no closure is allocated).
    private StepBuffers _current;
    private int _currentLayer;
    private int _currentCount;
    private int _currentStart;

    /// <summary>Creates a session of <paramref name="contextLength"/> positions for <paramref name="model"/>.</summary>
    public InferenceSession(LlamaModel model, int contextLength)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _config = model.Config;
        if (contextLength < 1 || contextLength > _config.ContextLength)
        {
            throw new ArgumentOutOfRangeException(nameof(contextLength), contextLength, $"Context length must be 1 to {_config.ContextLength} for this model.");
        }

        ContextLength = contextLength;
        _pool = model.Pool;
        var cacheLength = (long)contextLength * _config.KvDimension;
        KvCacheType = model.KvCacheType;
        if (KvCacheType == GgmlType.F16)
        {
            _keyCacheHalf = new Half[_config.Layers][];
            _valueCacheHalf = new Half[_config.Layers][];
            for (var l = 0; l < _config.Layers; l++)
            {
                _keyCacheHalf[l] = new Half[cacheLength];
                _valueCacheHalf[l] = new Half[cacheLength];
            }
        }
        else
        {
            _keyCache = new float[_config.Layers][];
            _valueCache = new float[_config.Layers][];
            for (var l = 0; l < _config.Layers; l++)
            {
                _keyCache[l] = new float[cacheLength];
                _valueCache[l] = new float[cacheLength];
            }
        }

        _logits = new float[_config.VocabularySize];
        _attentionScores = new float[(long)_config.Heads * contextLength];
        _inverseFrequencies = new float[_config.RopeDimensions / 2];
        for (var i = 0; i < _inverseFrequencies.Length; i++)
        {
            // Same float32 arithmetic as the llama2.c reference, so positions far into the context match it.
            _inverseFrequencies[i] = 1.0f / MathF.Pow(_config.RopeBase, 2 * i / (float)_config.RopeDimensions);
        }

        _embeddingRow = new byte[model.Weights.TokenEmbedding.RowBytes];
        _single = new StepBuffers(_config, 1);
        _current = _single;
        _attendHead = AttendHead;
    }

    /// <summary>The model this session runs.</summary>
    public LlamaModel Model => _model;

    /// <summary>Positions this session can hold.</summary>
    public int ContextLength { get; }

    /// <summary>Number of tokens in the KV cache; the next token goes to this position.</summary>
    public int Position { get; private set; }

    /// <summary>Element type of the KV cache: F32 or F16 (<see cref="ModelLoadOptions.KvCacheType"/>).</summary>
    public GgmlType KvCacheType { get; }

    /// <summary>
    /// Bytes of the KV cache: layers × 2 (keys and values) × <see cref="ContextLength"/> positions × KV dimension ×
    /// 4 (F32) or 2 (F16).
    /// </summary>
    public long KvCacheBytes => KvBytes(_config, ContextLength, KvCacheType);

    /// <summary>Logits computed by the last <see cref="Prefill"/> or <see cref="Decode"/> (vocabulary-sized).</summary>
    public ReadOnlySpan<float> Logits => _logits;

    /// <summary>
    /// Bytes a session of <paramref name="contextLength"/> positions allocates for <paramref name="config"/> (KV cache
    /// of <paramref name="kvCacheType"/> elements and scratch, with the prefill batch buffers).
    /// </summary>
    public static long EstimateBytes(LlamaConfig config, int contextLength, GgmlType kvCacheType = GgmlType.F32)
    {
        ArgumentNullException.ThrowIfNull(config);
        var other = config.VocabularySize + ((long)config.Heads * contextLength) + config.RopeDimensions;
        return KvBytes(config, contextLength, kvCacheType) + ((other + StepBuffers.FloatCount(config, 1) + StepBuffers.FloatCount(config, MaxBatchSize)) * sizeof(float));
    }

    private static long KvBytes(LlamaConfig config, int contextLength, GgmlType kvCacheType) =>
        2L * config.Layers * contextLength * config.KvDimension * (kvCacheType == GgmlType.F16 ? sizeof(ushort) : sizeof(float));

    /// <summary>Forgets the sequence: the next token goes to position 0.</summary>
    public void Reset() => Position = 0;

    /// <summary>
    /// Keeps the first <paramref name="position"/> tokens of the cache and forgets the rest (to reuse a shared prompt prefix).
    /// </summary>
    public void Rewind(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(position, Position);
        Position = position;
    }

    /// <summary>
    /// Runs <paramref name="tokens"/> through the model at positions <see cref="Position"/>.. as batches of up to
    /// <see cref="MaxBatchSize"/> (matrix-matrix products) and returns the logits after the last one.
    /// </summary>
    /// <exception cref="ContextLengthExceededException">The tokens do not fit in the remaining context.</exception>
    public ReadOnlySpan<float> Prefill(ReadOnlySpan<int> tokens)
    {
        if (tokens.IsEmpty)
        {
            throw new ArgumentException("Prefill needs at least one token.", nameof(tokens));
        }

        CheckFits(tokens);
        var rows = Math.Min(MaxBatchSize, tokens.Length);
        if (rows > 1 && (_batch is null || _batch.Capacity < rows))
        {
            // Sized to the prompts this session sees, not the largest batch: a chat turn of a few dozen tokens then
            // holds a few dozen rows (a 128-row batch of a stories110M-shape model is ~4.5 MiB). Rounded up to a power
            // of two so a session whose prompts grow reallocates only a few times.
            _batch = new StepBuffers(_config, Math.Min(MaxBatchSize, (int)BitOperations.RoundUpToPowerOf2((uint)rows)));
        }

        for (var start = 0; start < tokens.Length; start += MaxBatchSize)
        {
            var chunk = tokens.Slice(start, Math.Min(MaxBatchSize, tokens.Length - start));
            Forward(chunk, chunk.Length == 1 ? _single : _batch!, computeLogits: start + chunk.Length == tokens.Length);
        }

        return _logits;
    }

    /// <summary>Runs one token at <see cref="Position"/> and returns the logits for the next one. Allocates nothing.</summary>
    /// <exception cref="ContextLengthExceededException">The context is full.</exception>
    public ReadOnlySpan<float> Decode(int token)
    {
        ReadOnlySpan<int> tokens = [token];
        CheckFits(tokens);
        Forward(tokens, _single, computeLogits: true);
        return _logits;
    }

    private void CheckFits(ReadOnlySpan<int> tokens)
    {
        if ((long)Position + tokens.Length > ContextLength)
        {
            throw new ContextLengthExceededException(Position + tokens.Length, ContextLength);
        }

        foreach (var token in tokens)
        {
            if ((uint)token >= (uint)_config.VocabularySize)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), token, $"Token id must be 0 to {_config.VocabularySize - 1} for this model.");
            }
        }
    }
}
