using System.Numerics.Tensors;
using EdgeFM.Inference.Generation;

namespace EdgeFM.Inference.Training;

public sealed partial class LoraTrainingModel
{
    /// <summary>Output rows whose logits are computed at once (bounds the logits buffer to this × vocabulary floats).</summary>
    private const int OutputChunkRows = 64;

    private void ForwardLayers()
    {
        var dim = _c.Dimension;
        var n = _rows;
        var w = _model.Weights;
        for (var i = 0; i < n; i++)
        {
            _model.ReadEmbedding(_tokens[i], _embeddingRow, _layers[0].Residual.AsSpan(i * dim, dim));
        }

        for (var l = 0; l < _c.Layers; l++)
        {
            var a = _layers[l];
            var layer = w.Layers[l];
            var output = l + 1 < _c.Layers ? _layers[l + 1].Residual : _final;
            RmsNormRows(a.Residual, layer.AttentionNorm, a.Normed1, a.InverseRms1);
            Project(l, LoraTarget.Query, layer.Query, a.Normed1, a.Query, a);
            Project(l, LoraTarget.Key, layer.Key, a.Normed1, a.Key, a);
            Project(l, LoraTarget.Value, layer.Value, a.Normed1, a.Value, a);
            Rotate(a.Query, _c.Heads, inverse: false);
            Rotate(a.Key, _c.KvHeads, inverse: false);
            AttentionForward(a);

            // attn_output's result goes to the next residual buffer first, then the residual is added to it.
            Project(l, LoraTarget.AttentionOutput, layer.AttentionOutput, a.Attention, a.Middle, a);
            TensorPrimitives.Add(a.Middle.AsSpan(0, n * dim), a.Residual.AsSpan(0, n * dim), a.Middle);

            RmsNormRows(a.Middle, layer.FeedForwardNorm, a.Normed2, a.InverseRms2);
            Project(l, LoraTarget.Gate, layer.Gate, a.Normed2, a.Gate, a);
            Project(l, LoraTarget.Up, layer.Up, a.Normed2, a.Up, a);
            var hidden = n * _c.FeedForwardDimension;
            a.Gate.AsSpan(0, hidden).CopyTo(a.Gated);
            SwiGlu.Apply(a.Gated.AsSpan(0, hidden), a.Up.AsSpan(0, hidden));
            Project(l, LoraTarget.Down, layer.Down, a.Gated, output, a);
            TensorPrimitives.Add(output.AsSpan(0, n * dim), a.Middle.AsSpan(0, n * dim), output);
        }
    }

    /// <summary>y = x·Wᵀ (+ Scale · (x·Aᵀ)·Bᵀ when the adapter adapts the target) for the batch's rows.</summary>
    private void Project(int layer, LoraTarget target, in Kernels.WeightMatrix w, float[] x, float[] y, TrainingActivations a)
    {
        _frozen.Forward(w, x.AsSpan(0, _rows * w.Columns), y.AsSpan(0, _rows * w.Rows), _rows);
        if (Adapter.Adapts(target))
        {
            LoraForward(Adapter.Slot(layer, target), x, y, a.LoraInner[(int)target]);
        }
    }

    /// <summary>output = weight ⊙ x / √(mean(x²) + ε) per row, in the inference session's order of operations.</summary>
    private void RmsNormRows(float[] x, float[] weight, float[] output, float[] inverseRms)
    {
        var dim = _c.Dimension;
        for (var i = 0; i < _rows; i++)
        {
            var row = x.AsSpan(i * dim, dim);
            var inverse = 1.0f / MathF.Sqrt((TensorPrimitives.SumOfSquares(row) / dim) + _c.NormEpsilon);
            inverseRms[i] = inverse;
            var target = output.AsSpan(i * dim, dim);
            TensorPrimitives.Multiply(row, inverse, target);
            TensorPrimitives.Multiply(target, weight, target);
        }
    }

    /// <summary>
    /// RoPE on adjacent pairs (2p, 2p+1) of each head's first RopeDimensions elements, as the inference session
    /// rotates (llama2.c and ggml "normal" layout); <paramref name="inverse"/> applies the transposed rotation, which
    /// is the backward pass of the rotation (it is orthogonal).
    /// </summary>
    private void Rotate(float[] vectors, int heads, bool inverse)
    {
        var headDimension = _c.HeadDimension;
        var pairs = _inverseFrequencies.Length;
        var width = heads * headDimension;
        for (var i = 0; i < _rows; i++)
        {
            var cos = _cos.AsSpan(i * pairs, pairs);
            var sin = _sin.AsSpan(i * pairs, pairs);
            for (var h = 0; h < heads; h++)
            {
                var head = vectors.AsSpan((i * width) + (h * headDimension), headDimension);
                for (var p = 0; p < pairs; p++)
                {
                    var x0 = head[2 * p];
                    var x1 = head[(2 * p) + 1];
                    var s = inverse ? -sin[p] : sin[p];
                    head[2 * p] = (x0 * cos[p]) - (x1 * s);
                    head[(2 * p) + 1] = (x0 * s) + (x1 * cos[p]);
                }
            }
        }
    }

    /// <summary>
    /// Final RMSNorm, output projection and cross-entropy over the rows that have a target, <see cref="OutputChunkRows"/>
    /// at a time. With <paramref name="residualGradient"/>, also writes d(loss · <paramref name="lossScale"/>)/d(final
    /// residual) into it (rows without a target stay zero).
    /// </summary>
    private BatchLoss OutputLoss(float[]? residualGradient, float lossScale)
    {
        var dim = _c.Dimension;
        var vocabulary = _c.VocabularySize;
        var w = _model.Weights;
        var rows = new List<int>();
        for (var i = 0; i < _rows; i++)
        {
            if (_targets[i] >= 0)
            {
                rows.Add(i);
            }
        }

        var chunk = Math.Min(OutputChunkRows, Math.Max(1, rows.Count));
        var normed = Scratch.OutputNormed;
        var inverseRms = Scratch.OutputInverseRms;
        var logits = Scratch.Logits;
        var normedGradient = Scratch.OutputNormedGradient;
        double sum = 0;
        for (var c0 = 0; c0 < rows.Count; c0 += chunk)
        {
            var m = Math.Min(chunk, rows.Count - c0);
            for (var j = 0; j < m; j++)
            {
                var x = _final.AsSpan(rows[c0 + j] * dim, dim);
                var inverse = 1.0f / MathF.Sqrt((TensorPrimitives.SumOfSquares(x) / dim) + _c.NormEpsilon);
                inverseRms[j] = inverse;
                var target = normed.AsSpan(j * dim, dim);
                TensorPrimitives.Multiply(x, inverse, target);
                TensorPrimitives.Multiply(target, w.OutputNorm, target);
            }

            _frozen.Forward(w.Output, normed.AsSpan(0, m * dim), logits.AsSpan(0, m * vocabulary), m);
            for (var j = 0; j < m; j++)
            {
                var z = logits.AsSpan(j * vocabulary, vocabulary);
                var target = _targets[rows[c0 + j]];
                var max = TensorPrimitives.Max(z);
                TensorPrimitives.Subtract(z, max, z);
                var shiftedTarget = z[target];
                TensorPrimitives.Exp(z, z);
                var total = TensorPrimitives.Sum(z);
                sum += Math.Log(total) - shiftedTarget;
                if (residualGradient is not null)
                {
                    // d loss / d z = softmax(z) − onehot(target), times the batch's 1 / targets.
                    TensorPrimitives.Multiply(z, lossScale / total, z);
                    z[target] -= lossScale;
                }
            }

            if (residualGradient is null)
            {
                continue;
            }

            Array.Clear(normedGradient, 0, m * dim);
            _frozen.AddInputGradient(w.Output, logits.AsSpan(0, m * vocabulary), normedGradient, m);
            for (var j = 0; j < m; j++)
            {
                var row = rows[c0 + j];
                RmsNormBackward(normedGradient.AsSpan(j * dim, dim), _final.AsSpan(row * dim, dim), w.OutputNorm, inverseRms[j], residualGradient.AsSpan(row * dim, dim));
            }
        }

        return new BatchLoss(sum, rows.Count);
    }

    /// <summary>Logits of every row of the batch (rows × vocabulary).</summary>
    private float[] AllLogits()
    {
        var dim = _c.Dimension;
        var w = _model.Weights;
        var normed = new float[_rows * dim];
        for (var i = 0; i < _rows; i++)
        {
            var x = _final.AsSpan(i * dim, dim);
            var target = normed.AsSpan(i * dim, dim);
            TensorPrimitives.Multiply(x, 1.0f / MathF.Sqrt((TensorPrimitives.SumOfSquares(x) / dim) + _c.NormEpsilon), target);
            TensorPrimitives.Multiply(target, w.OutputNorm, target);
        }

        var logits = new float[_rows * _c.VocabularySize];
        _frozen.Forward(w.Output, normed, logits, _rows);
        return logits;
    }

    /// <summary>
    /// Adds to <paramref name="dx"/> the gradient through h = w ⊙ x · r, r = 1/√(mean(x²) + ε):
    /// dx = r · (w ⊙ dh) − x · r³ / D · Σ(w ⊙ dh ⊙ x).
    /// </summary>
    private static void RmsNormBackward(ReadOnlySpan<float> dh, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float inverseRms, Span<float> dx)
    {
        Span<float> scaled = dh.Length <= 4096 ? stackalloc float[dh.Length] : new float[dh.Length];
        TensorPrimitives.Multiply(dh, weight, scaled);
        var dot = TensorPrimitives.Dot(scaled, x);
        TensorPrimitives.MultiplyAdd(scaled, inverseRms, dx, dx);
        TensorPrimitives.MultiplyAdd(x, -inverseRms * inverseRms * inverseRms * dot / x.Length, dx, dx);
    }
}
