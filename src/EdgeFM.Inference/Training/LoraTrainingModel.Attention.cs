using System.Numerics.Tensors;
using EdgeFM.Inference.Generation;

namespace EdgeFM.Inference.Training;

public sealed partial class LoraTrainingModel
{
    /// <summary>
    /// Causal grouped-query attention of every sequence, one work item per (sequence, KV head): the head's keys and
    /// values are gathered into contiguous rows and the inference session's kernels score and sum them, so a
    /// sequence's attention is computed exactly as the runtime computes it.
    /// </summary>
    private void AttentionForward(TrainingActivations a)
    {
        ForEachKvHead(a, (start, length, kvHead, keys, values) =>
        {
            var hd = _c.HeadDimension;
            var scores = new float[length];
            var group = _c.Heads / _c.KvHeads;
            var scale = MathF.Sqrt(hd);
            for (var head = kvHead * group; head < (kvHead + 1) * group; head++)
            {
                for (var i = 0; i < length; i++)
                {
                    var s = Probabilities(a.Query.AsSpan(((start + i) * _c.QueryDimension) + (head * hd), hd), keys, scores.AsSpan(0, i + 1), scale);
                    AttentionKernels.WeightedSum(s, values.AsSpan(0, (i + 1) * hd), a.Attention.AsSpan(((start + i) * _c.QueryDimension) + (head * hd), hd));
                }
            }
        });
    }

    /// <summary>
    /// Gradients of queries, keys and values (after RoPE) from the attention output's gradient. With p = softmax(s),
    /// s_j = q·k_j / √d and o = Σ p_j v_j: dv_j += p_j do, dp_j = do·v_j, ds_j = p_j (dp_j − Σ p dp),
    /// dq = Σ ds_j k_j / √d, dk_j += ds_j q / √d. Each (sequence, KV head) work item owns its keys' and values'
    /// gradients and its query heads' rows.
    /// </summary>
    private void AttentionBackward(TrainingActivations a, float[] attentionGradient, float[] dq, float[] dk, float[] dv)
    {
        ForEachKvHead(a, (start, length, kvHead, keys, values) =>
        {
            var hd = _c.HeadDimension;
            var keyGradient = new float[length * hd];
            var valueGradient = new float[length * hd];
            var scores = new float[length];
            var dp = new float[length];
            var group = _c.Heads / _c.KvHeads;
            var scale = MathF.Sqrt(hd);
            for (var head = kvHead * group; head < (kvHead + 1) * group; head++)
            {
                for (var i = 0; i < length; i++)
                {
                    var offset = ((start + i) * _c.QueryDimension) + (head * hd);
                    var query = a.Query.AsSpan(offset, hd);
                    var outputGradient = attentionGradient.AsSpan(offset, hd);
                    var p = Probabilities(query, keys, scores.AsSpan(0, i + 1), scale);
                    var d = dp.AsSpan(0, i + 1);
                    AttentionKernels.Scores(outputGradient, values.AsSpan(0, (i + 1) * hd), d, 1f);
                    var weighted = TensorPrimitives.Dot(p, d);
                    for (var j = 0; j <= i; j++)
                    {
                        TensorPrimitives.MultiplyAdd(outputGradient, p[j], valueGradient.AsSpan(j * hd, hd), valueGradient.AsSpan(j * hd, hd));
                        d[j] = p[j] * (d[j] - weighted) / scale;
                        TensorPrimitives.MultiplyAdd(query, d[j], keyGradient.AsSpan(j * hd, hd), keyGradient.AsSpan(j * hd, hd));
                    }

                    AttentionKernels.WeightedSum(d, keys.AsSpan(0, (i + 1) * hd), dq.AsSpan(offset, hd));
                }
            }

            Scatter(keyGradient, dk, start, length, kvHead);
            Scatter(valueGradient, dv, start, length, kvHead);
        });
    }

    /// <summary>
    /// Runs <paramref name="body"/>(start, length, KV head, keys, values) for every (sequence, KV head) of the batch on
    /// the pool, with that head's keys and values of the sequence gathered as contiguous [position][head dimension].
    /// </summary>
    private void ForEachKvHead(TrainingActivations a, Action<int, int, int, float[], float[]> body)
    {
        var kvHeads = _c.KvHeads;
        _pool.For(_sequences.Length * kvHeads, job =>
        {
            var (start, length) = _sequences[job / kvHeads];
            var kvHead = job % kvHeads;
            body(start, length, kvHead, Gather(a.Key, start, length, kvHead), Gather(a.Value, start, length, kvHead));
        });
    }

    /// <summary>Softmax of the causal scores of one query over keys [0, scores.Length), in the session's operation order.</summary>
    private static Span<float> Probabilities(ReadOnlySpan<float> query, float[] keys, Span<float> scores, float scale)
    {
        AttentionKernels.Scores(query, keys.AsSpan(0, scores.Length * query.Length), scores, scale);
        var max = TensorPrimitives.Max(scores);
        TensorPrimitives.Subtract(scores, max, scores);
        TensorPrimitives.Exp(scores, scores);
        TensorPrimitives.Divide(scores, TensorPrimitives.Sum(scores), scores);
        return scores;
    }

    /// <summary>KV head <paramref name="kvHead"/>'s rows of a sequence as contiguous [position][head dimension].</summary>
    private float[] Gather(float[] source, int start, int length, int kvHead)
    {
        var hd = _c.HeadDimension;
        var rows = new float[length * hd];
        for (var i = 0; i < length; i++)
        {
            source.AsSpan(((start + i) * _c.KvDimension) + (kvHead * hd), hd).CopyTo(rows.AsSpan(i * hd, hd));
        }

        return rows;
    }

    private void Scatter(float[] rows, float[] destination, int start, int length, int kvHead)
    {
        var hd = _c.HeadDimension;
        for (var i = 0; i < length; i++)
        {
            rows.AsSpan(i * hd, hd).CopyTo(destination.AsSpan(((start + i) * _c.KvDimension) + (kvHead * hd), hd));
        }
    }
}
