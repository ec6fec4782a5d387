using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Training;

public sealed partial class LoraTrainingModel
{
    /// <summary>
    /// Back-propagates d(loss)/d(final residual) through every layer, adding the adapter's gradients to
    /// <paramref name="gradients"/>. The residual gradient is updated in place layer by layer; the input gradient of
    /// layer 0's Q, K and V is not computed (the embedding is frozen).
    /// </summary>
    private void Backward(float[] residualGradient, float[] gradients)
    {
        var n = _rows;
        var dim = _c.Dimension;
        var s = Scratch;
        var hidden = s.Hidden;
        var gateGradient = s.GateGradient;
        var upGradient = s.UpGradient;
        var normedGradient = s.NormedGradient;
        var attentionGradient = s.AttentionGradient;
        var dq = s.QueryGradient;
        var dk = s.KeyGradient;
        var dv = s.ValueGradient;
        var w = _model.Weights;
        for (var l = _c.Layers - 1; l >= 0; l--)
        {
            var a = _layers[l];
            var layer = w.Layers[l];

            // Feed-forward block: out = middle + down(silu(gate) ⊙ up).
            Array.Clear(hidden, 0, n * _c.FeedForwardDimension);
            ProjectBackward(l, LoraTarget.Down, layer.Down, a.Gated, residualGradient, hidden, a, gradients);
            SwiGluBackward(a.Gate, a.Up, hidden, gateGradient, upGradient, n * _c.FeedForwardDimension);
            Array.Clear(normedGradient, 0, n * dim);
            ProjectBackward(l, LoraTarget.Gate, layer.Gate, a.Normed2, gateGradient, normedGradient, a, gradients);
            ProjectBackward(l, LoraTarget.Up, layer.Up, a.Normed2, upGradient, normedGradient, a, gradients);
            for (var i = 0; i < n; i++)
            {
                RmsNormBackward(normedGradient.AsSpan(i * dim, dim), a.Middle.AsSpan(i * dim, dim), layer.FeedForwardNorm, a.InverseRms2[i], residualGradient.AsSpan(i * dim, dim));
            }

            // Attention block: middle = residual + attn_output(attention(rope(q), rope(k), v)).
            Array.Clear(attentionGradient, 0, n * _c.QueryDimension);
            ProjectBackward(l, LoraTarget.AttentionOutput, layer.AttentionOutput, a.Attention, residualGradient, attentionGradient, a, gradients);
            AttentionBackward(a, attentionGradient, dq, dk, dv);
            Rotate(dq, _c.Heads, inverse: true);
            Rotate(dk, _c.KvHeads, inverse: true);
            var needInput = l > 0;
            Array.Clear(normedGradient, 0, n * dim);
            var dx = needInput ? normedGradient : null;
            ProjectBackward(l, LoraTarget.Query, layer.Query, a.Normed1, dq, dx, a, gradients);
            ProjectBackward(l, LoraTarget.Key, layer.Key, a.Normed1, dk, dx, a, gradients);
            ProjectBackward(l, LoraTarget.Value, layer.Value, a.Normed1, dv, dx, a, gradients);
            if (needInput)
            {
                for (var i = 0; i < n; i++)
                {
                    RmsNormBackward(normedGradient.AsSpan(i * dim, dim), a.Residual.AsSpan(i * dim, dim), layer.AttentionNorm, a.InverseRms1[i], residualGradient.AsSpan(i * dim, dim));
                }
            }
        }
    }

    /// <summary>Adds the adapter's gradients of one projection and, when <paramref name="dx"/> is not null, dy·W (+ LoRA) to dx.</summary>
    private void ProjectBackward(int layer, LoraTarget target, in WeightMatrix w, float[] x, float[] dy, float[]? dx, TrainingActivations a, float[] gradients)
    {
        if (dx is not null)
        {
            _frozen.AddInputGradient(w, dy.AsSpan(0, _rows * w.Rows), dx.AsSpan(0, _rows * w.Columns), _rows);
        }

        if (Adapter.Adapts(target))
        {
            LoraBackward(Adapter.Slot(layer, target), x, a.LoraInner[(int)target], dy, dx, gradients);
        }
    }

    /// <summary>
    /// Through h = silu(g) ⊙ u with silu(g) = g·σ(g): du = dh ⊙ silu(g), dg = dh ⊙ u ⊙ σ(g)(1 + g(1 − σ(g))).
    /// </summary>
    private static void SwiGluBackward(float[] gate, float[] up, float[] dh, float[] dg, float[] du, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var g = gate[i];
            var sigmoid = 1f / (1f + MathF.Exp(-g));
            du[i] = dh[i] * g * sigmoid;
            dg[i] = dh[i] * up[i] * sigmoid * (1f + (g * (1f - sigmoid)));
        }
    }
}
