using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace EdgeFM.Inference.Generation;

/// <summary>
/// Picks the next token from logits as <see cref="GenerationOptions"/> describe. All buffers are allocated once, so
/// sampling allocates nothing per token. Deterministic for a given seed. Not thread-safe.
/// </summary>
public sealed class Sampler
{
    private readonly GenerationOptions _options;
    private readonly Random _random;
    private readonly float[] _working;
    private readonly float[] _keys;
    private readonly int[] _candidates;
    private readonly bool[] _seen;

    /// <summary>Creates a sampler for a vocabulary of <paramref name="vocabularySize"/> tokens.</summary>
    public Sampler(int vocabularySize, GenerationOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, 1);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _random = options.Seed is { } seed ? new Random(seed) : new Random();
        _working = new float[vocabularySize];
        _keys = new float[vocabularySize];
        _candidates = new int[vocabularySize];
        _seen = new bool[vocabularySize];
    }

    /// <summary>The next token for <paramref name="logits"/>; <paramref name="recentTokens"/> feed the repetition penalty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Sample(ReadOnlySpan<float> logits, ReadOnlySpan<int> recentTokens)
    {
        if (logits.Length != _working.Length)
        {
            throw new ArgumentException($"Expected {_working.Length} logits, got {logits.Length}.", nameof(logits));
        }

        var working = _working.AsSpan();
        logits.CopyTo(working);
        ApplyRepetitionPenalty(working, recentTokens);
        if (_options.Temperature <= 0)
        {
            return TensorPrimitives.IndexOfMax(working);
        }

        // Probabilities at the given temperature (max subtracted for stability).
        TensorPrimitives.Multiply(working, 1f / _options.Temperature, working);
        TensorPrimitives.Subtract(working, TensorPrimitives.Max(working), working);
        TensorPrimitives.Exp(working, working);
        TensorPrimitives.Divide(working, TensorPrimitives.Sum(working), working);

        // Tokens below these thresholds cannot survive top-p or min-p, so they need no sorting.
        var maxProbability = TensorPrimitives.Max(working);
        var threshold = _options.MinP * maxProbability;
        if (_options.TopP < 1 && working.Length > 1)
        {
            threshold = Math.Max(threshold, (1 - _options.TopP) / (working.Length - 1));
        }

        // The most likely token is always in the nucleus, however small top-p is; on a near-uniform distribution the
        // bound above can exceed every probability.
        threshold = Math.Min(threshold, maxProbability);

        var count = 0;
        for (var i = 0; i < working.Length; i++)
        {
            if (working[i] >= threshold)
            {
                _candidates[count] = i;
                _keys[count] = -working[i];
                count++;
            }
        }

        var keys = _keys.AsSpan(0, count);
        var candidates = _candidates.AsSpan(0, count);
        keys.Sort(candidates);
        if (_options.TopK > 0 && count > _options.TopK)
        {
            count = _options.TopK;
        }

        var cumulative = 0f;
        var kept = 0;
        while (kept < count)
        {
            cumulative -= keys[kept];
            kept++;
            if (cumulative >= _options.TopP)
            {
                break;
            }
        }

        var draw = _random.NextSingle() * cumulative;
        var sum = 0f;
        for (var i = 0; i < kept; i++)
        {
            sum -= keys[i];
            if (draw < sum)
            {
                return candidates[i];
            }
        }

        return candidates[kept - 1];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ApplyRepetitionPenalty(Span<float> logits, ReadOnlySpan<int> recentTokens)
    {
        var penalty = _options.RepetitionPenalty;
        if (penalty == 1f || _options.RepetitionWindow == 0)
        {
            return;
        }

        var window = recentTokens.Length > _options.RepetitionWindow ? recentTokens[^_options.RepetitionWindow..] : recentTokens;
        foreach (var token in window)
        {
            if ((uint)token < (uint)logits.Length && !_seen[token])
            {
                _seen[token] = true;
                logits[token] = logits[token] > 0 ? logits[token] / penalty : logits[token] * penalty;
            }
        }

        foreach (var token in window)
        {
            if ((uint)token < (uint)logits.Length)
            {
                _seen[token] = false;
            }
        }
    }
}
