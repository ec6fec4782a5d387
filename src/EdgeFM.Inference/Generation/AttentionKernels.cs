using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeFM.Inference.Generation;

/// <summary>
/// The two products inside attention over one head's contiguous cache ([position][head dimension]). Heads are short
/// (8 to 128 elements), so a call per position to a general dot product costs more than the arithmetic; these loops keep
/// the query and the output accumulators in Vector256 registers across positions. Each has a scalar reference.
/// </summary>
internal static class AttentionKernels
{
    /// <summary><c>scores[t] = (query · keys[t]) / scale</c> for t in [0, scores.Length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scores(ReadOnlySpan<float> query, ReadOnlySpan<float> keys, Span<float> scores, float scale)
    {
        var d = query.Length;
        if (!Vector256.IsHardwareAccelerated || d % Vector256<float>.Count != 0 || d > 8 * Vector256<float>.Count)
        {
            ScoresScalar(query, keys, scores, scale);
            return;
        }

        ref var k = ref MemoryMarshal.GetReference(keys);
        ref var q = ref MemoryMarshal.GetReference(query);
        var chunks = d / Vector256<float>.Count;
        for (var t = 0; t < scores.Length; t++)
        {
            ref var row = ref Unsafe.Add(ref k, t * d);
            var sum = Vector256<float>.Zero;
            for (var c = 0; c < chunks; c++)
            {
                var offset = c * Vector256<float>.Count;
                sum = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref q, (nuint)offset), Vector256.LoadUnsafe(ref row, (nuint)offset), sum);
            }

            scores[t] = Vector256.Sum(sum) / scale;
        }
    }

    /// <summary><c>output[i] = Σ_t weights[t] · values[t, i]</c> over t in [0, weights.Length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WeightedSum(ReadOnlySpan<float> weights, ReadOnlySpan<float> values, Span<float> output)
    {
        var d = output.Length;
        if (!Vector256.IsHardwareAccelerated || d % Vector256<float>.Count != 0)
        {
            WeightedSumScalar(weights, values, output);
            return;
        }

        ref var v = ref MemoryMarshal.GetReference(values);
        ref var o = ref MemoryMarshal.GetReference(output);
        for (var offset = 0; offset < d; offset += Vector256<float>.Count)
        {
            var sum = Vector256<float>.Zero;
            for (var t = 0; t < weights.Length; t++)
            {
                sum = Vector256.FusedMultiplyAdd(Vector256.Create(weights[t]), Vector256.LoadUnsafe(ref v, (nuint)((t * d) + offset)), sum);
            }

            sum.StoreUnsafe(ref o, (nuint)offset);
        }
    }

    /// <summary>Scalar reference of <see cref="Scores"/>.</summary>
    public static void ScoresScalar(ReadOnlySpan<float> query, ReadOnlySpan<float> keys, Span<float> scores, float scale)
    {
        var d = query.Length;
        for (var t = 0; t < scores.Length; t++)
        {
            var sum = 0f;
            for (var i = 0; i < d; i++)
            {
                sum += query[i] * keys[(t * d) + i];
            }

            scores[t] = sum / scale;
        }
    }

    /// <summary>Scalar reference of <see cref="WeightedSum"/>.</summary>
    public static void WeightedSumScalar(ReadOnlySpan<float> weights, ReadOnlySpan<float> values, Span<float> output)
    {
        var d = output.Length;
        output.Clear();
        for (var t = 0; t < weights.Length; t++)
        {
            for (var i = 0; i < d; i++)
            {
                output[i] += weights[t] * values[(t * d) + i];
            }
        }
    }
}
