using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using EdgeFM.Inference.Kernels;
using EdgeFM.Inference.Training;

namespace EdgeFM.Inference.Generation;

public sealed partial class InferenceSession
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Forward(ReadOnlySpan<int> tokens, StepBuffers b, bool computeLogits)
    {
        var c = _config;
        var w = _model.Weights;
        var n = tokens.Length;
        var dim = c.Dimension;
        var start = Position;
        for (var i = 0; i < n; i++)
        {
            _model.ReadEmbedding(tokens[i], _embeddingRow, b.Residual.AsSpan(i * dim, dim));
        }

        ComputeRotations(b, start, n);
        var normed = b.Normed.AsSpan(0, n * dim);
        var lora = _lora;
        for (var l = 0; l < c.Layers; l++)
        {
            var layer = w.Layers[l];
            RmsNorm(b.Residual, layer.AttentionNorm, b.Normed, n);
            MatMul.MatMatFused(normed, n, _pool, layer.Query, b.Query, layer.Key, b.Key, layer.Value, b.Value);
            lora?.ApplyAttentionInputs(l, normed, b.Query, b.Key, b.Value, n);
            Rotate(b.Query, c.Heads, b, n);
            Rotate(b.Key, c.KvHeads, b, n);
            StoreKeyValues(l, b, start, n);

            _current = b;
            _currentLayer = l;
            _currentCount = n;
            _currentStart = start;
            _pool.For(c.Heads, _attendHead);

            // The attention-output and down projections write into Normed: the Q/K/V and gate/up products have read it.
            MatMul.MatMat(layer.AttentionOutput, b.Attention.AsSpan(0, n * c.QueryDimension), b.Normed, n, _pool);
            lora?.Apply(l, LoraTarget.AttentionOutput, b.Attention.AsSpan(0, n * c.QueryDimension), normed, n);
            TensorPrimitives.Add(b.Residual.AsSpan(0, n * dim), normed, b.Residual);

            RmsNorm(b.Residual, layer.FeedForwardNorm, b.Normed, n);
            MatMul.MatMatFused(normed, n, _pool, layer.Gate, b.Gate, layer.Up, b.Up, default, default);
            if (lora is not null)
            {
                lora.Apply(l, LoraTarget.Gate, normed, b.Gate, n);
                lora.Apply(l, LoraTarget.Up, normed, b.Up, n);
            }

            var gate = b.Gate.AsSpan(0, n * c.FeedForwardDimension);
            SwiGlu.Apply(gate, b.Up.AsSpan(0, n * c.FeedForwardDimension));
            MatMul.MatMat(layer.Down, gate, b.Normed, n, _pool);
            lora?.Apply(l, LoraTarget.Down, gate, normed, n);
            TensorPrimitives.Add(b.Residual.AsSpan(0, n * dim), normed, b.Residual);
        }

        Position = start + n;
        if (computeLogits)
        {
            var last = b.Residual.AsSpan((n - 1) * dim, dim);
            var lastNormed = b.Normed.AsSpan(0, dim);
            RmsNorm(last, w.OutputNorm, lastNormed, c.NormEpsilon);
            MatMul.MatVec(w.Output, lastNormed, _logits, _pool);
            lora?.ApplyOutput(lastNormed, _logits);
        }
    }

    private void RmsNorm(float[] input, float[] weight, float[] output, int rows)
    {
        var dim = _config.Dimension;
        for (var i = 0; i < rows; i++)
        {
            RmsNorm(input.AsSpan(i * dim, dim), weight, output.AsSpan(i * dim, dim), _config.NormEpsilon);
        }
    }

    /// <summary>output = weight ⊙ x / sqrt(mean(x²) + ε), in the reference's order of operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, Span<float> output, float epsilon)
    {
        var meanSquare = (TensorPrimitives.SumOfSquares(x) / x.Length) + epsilon;
        TensorPrimitives.Multiply(x, 1.0f / MathF.Sqrt(meanSquare), output);
        TensorPrimitives.Multiply(output, weight, output);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ComputeRotations(StepBuffers b, int start, int n)
    {
        var pairs = _inverseFrequencies.Length;
        for (var i = 0; i < n; i++)
        {
            var position = start + i;
            for (var p = 0; p < pairs; p++)
            {
                var angle = position * _inverseFrequencies[p];
                b.Cos[(i * pairs) + p] = MathF.Cos(angle);
                b.Sin[(i * pairs) + p] = MathF.Sin(angle);
            }
        }
    }

    /// <summary>
    /// Rotary position embedding on adjacent pairs (2i, 2i+1) of the first <c>RopeDimensions</c> elements of each head:
    /// the layout of llama2.c and of ggml's "normal" RoPE used for GGUF <c>llama</c> models (whose converters store
    /// Q and K rows in that order; stories260K's Q/K weights are byte-identical in both files).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Rotate(float[] vectors, int heads, StepBuffers b, int n)
    {
        var headDimension = _config.HeadDimension;
        var pairs = _inverseFrequencies.Length;
        var width = heads * headDimension;
        for (var i = 0; i < n; i++)
        {
            var cos = b.Cos.AsSpan(i * pairs, pairs);
            var sin = b.Sin.AsSpan(i * pairs, pairs);
            for (var h = 0; h < heads; h++)
            {
                var head = vectors.AsSpan((i * width) + (h * headDimension), headDimension);
                for (var p = 0; p < pairs; p++)
                {
                    var x0 = head[2 * p];
                    var x1 = head[(2 * p) + 1];
                    head[2 * p] = (x0 * cos[p]) - (x1 * sin[p]);
                    head[(2 * p) + 1] = (x0 * sin[p]) + (x1 * cos[p]);
                }
            }
        }
    }

    /// <summary>Copies the new keys and values into the cache, laid out [kv head][position][head dimension] so each head's keys are contiguous.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StoreKeyValues(int layer, StepBuffers b, int start, int n)
    {
        var headDimension = _config.HeadDimension;
        var kvDimension = _config.KvDimension;
        for (var i = 0; i < n; i++)
        {
            for (var h = 0; h < _config.KvHeads; h++)
            {
                var target = (int)((((long)h * ContextLength) + start + i) * headDimension);
                var key = b.Key.AsSpan((i * kvDimension) + (h * headDimension), headDimension);
                var value = b.Value.AsSpan((i * kvDimension) + (h * headDimension), headDimension);
                if (_keyCacheHalf is not null)
                {
                    // Round to nearest even, as llama.cpp's F16 cache does.
                    TensorPrimitives.ConvertToHalf(key, _keyCacheHalf[layer].AsSpan(target, headDimension));
                    TensorPrimitives.ConvertToHalf(value, _valueCacheHalf![layer].AsSpan(target, headDimension));
                }
                else
                {
                    key.CopyTo(_keyCache![layer].AsSpan(target, headDimension));
                    value.CopyTo(_valueCache![layer].AsSpan(target, headDimension));
                }
            }
        }
    }

    /// <summary>Causal attention of query head <paramref name="head"/> for every row of the current step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AttendHead(int head)
    {
        var c = _config;
        var headDimension = c.HeadDimension;
        var kvHead = head / (c.Heads / c.KvHeads);
        var cacheOffset = (int)((long)kvHead * ContextLength * headDimension);
        var scores = _attentionScores.AsSpan(head * ContextLength, ContextLength);
        var scale = MathF.Sqrt(headDimension);
        var b = _current;
        for (var i = 0; i < _currentCount; i++)
        {
            var length = _currentStart + i + 1;
            var query = b.Query.AsSpan((i * c.QueryDimension) + (head * headDimension), headDimension);
            var s = scores[..length];
            var cached = length * headDimension;
            if (_keyCacheHalf is not null)
            {
                AttentionKernels.Scores(query, _keyCacheHalf[_currentLayer].AsSpan(cacheOffset, cached), s, scale);
            }
            else
            {
                AttentionKernels.Scores(query, _keyCache![_currentLayer].AsSpan(cacheOffset, cached), s, scale);
            }

            var max = TensorPrimitives.Max(s);
            TensorPrimitives.Subtract(s, max, s);
            TensorPrimitives.Exp(s, s);
            TensorPrimitives.Divide(s, TensorPrimitives.Sum(s), s);
            var output = b.Attention.AsSpan((i * c.QueryDimension) + (head * headDimension), headDimension);
            if (_valueCacheHalf is not null)
            {
                AttentionKernels.WeightedSum(s, _valueCacheHalf[_currentLayer].AsSpan(cacheOffset, cached), output);
            }
            else
            {
                AttentionKernels.WeightedSum(s, _valueCache![_currentLayer].AsSpan(cacheOffset, cached), output);
            }
        }
    }
}
