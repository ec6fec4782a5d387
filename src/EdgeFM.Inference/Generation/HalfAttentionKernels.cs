using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Generation;

/// <summary>
/// <see cref="AttentionKernels"/> over a KV cache stored as IEEE half floats (<c>KvCacheType = F16</c>): every key
/// and value is widened exactly to float32 on the fly (<see cref="HalfConvert.ToSingle8"/>) and the arithmetic is
/// float32, in the same order as the float32 kernels'. So the results equal the float32 kernels' on the rounded cache.
/// </summary>
internal static unsafe class HalfAttentionKernels
{
    /// <summary>scores[t] = (query · keys[t]) / scale, keys[t] the t-th <c>query.Length</c> halves.</summary>
    public static void Scores(ReadOnlySpan<float> query, ReadOnlySpan<Half> keys, Span<float> scores, float scale)
    {
        var d = query.Length;
        if (!SimdInt8.IsSupported || d % 8 != 0)
        {
            ScoresScalar(query, keys, scores, scale);
            return;
        }

        fixed (float* q = query)
        fixed (Half* k = keys)
        {
            var t = 0;
            for (; t + 4 <= scores.Length; t += 4)
            {
                var row0 = (byte*)(k + (t * d));
                var row1 = row0 + (d * sizeof(ushort));
                var row2 = row1 + (d * sizeof(ushort));
                var row3 = row2 + (d * sizeof(ushort));
                var s0 = Vector256<float>.Zero;
                var s1 = Vector256<float>.Zero;
                var s2 = Vector256<float>.Zero;
                var s3 = Vector256<float>.Zero;
                for (var offset = 0; offset < d; offset += 8)
                {
                    var qv = Vector256.Load(q + offset);
                    var bytes = offset * sizeof(ushort);
                    s0 = Vector256.FusedMultiplyAdd(qv, HalfConvert.ToSingle8(row0 + bytes), s0);
                    s1 = Vector256.FusedMultiplyAdd(qv, HalfConvert.ToSingle8(row1 + bytes), s1);
                    s2 = Vector256.FusedMultiplyAdd(qv, HalfConvert.ToSingle8(row2 + bytes), s2);
                    s3 = Vector256.FusedMultiplyAdd(qv, HalfConvert.ToSingle8(row3 + bytes), s3);
                }

                scores[t] = Vector256.Sum(s0) / scale;
                scores[t + 1] = Vector256.Sum(s1) / scale;
                scores[t + 2] = Vector256.Sum(s2) / scale;
                scores[t + 3] = Vector256.Sum(s3) / scale;
            }

            for (; t < scores.Length; t++)
            {
                var row = (byte*)(k + (t * d));
                var sum = Vector256<float>.Zero;
                for (var offset = 0; offset < d; offset += 8)
                {
                    sum = Vector256.FusedMultiplyAdd(Vector256.Load(q + offset), HalfConvert.ToSingle8(row + (offset * sizeof(ushort))), sum);
                }

                scores[t] = Vector256.Sum(sum) / scale;
            }
        }
    }

    /// <summary>output = Σ_t weights[t] · values[t], values[t] the t-th <c>output.Length</c> halves.</summary>
    public static void WeightedSum(ReadOnlySpan<float> weights, ReadOnlySpan<Half> values, Span<float> output)
    {
        var d = output.Length;
        if (!SimdInt8.IsSupported || d % 8 != 0)
        {
            WeightedSumScalar(weights, values, output);
            return;
        }

        fixed (float* w = weights)
        fixed (Half* v = values)
        fixed (float* o = output)
        {
            // Columns in groups of up to 32 (four registers of sums), each group one pass over the positions.
            for (var offset = 0; offset < d; offset += 32)
            {
                var width = Math.Min(32, d - offset);
                var s0 = Vector256<float>.Zero;
                var s1 = Vector256<float>.Zero;
                var s2 = Vector256<float>.Zero;
                var s3 = Vector256<float>.Zero;
                var row = (byte*)(v + offset);
                var stride = d * sizeof(ushort);
                for (var t = 0; t < weights.Length; t++)
                {
                    var weight = Vector256.Create(w[t]);
                    s0 = Vector256.FusedMultiplyAdd(weight, HalfConvert.ToSingle8(row), s0);
                    if (width > 8)
                    {
                        s1 = Vector256.FusedMultiplyAdd(weight, HalfConvert.ToSingle8(row + 16), s1);
                    }

                    if (width > 16)
                    {
                        s2 = Vector256.FusedMultiplyAdd(weight, HalfConvert.ToSingle8(row + 32), s2);
                    }

                    if (width > 24)
                    {
                        s3 = Vector256.FusedMultiplyAdd(weight, HalfConvert.ToSingle8(row + 48), s3);
                    }

                    row += stride;
                }

                Store(o + offset, width, s0, s1, s2, s3);
            }
        }
    }

    /// <summary>Scalar reference of <see cref="Scores"/>.</summary>
    public static void ScoresScalar(ReadOnlySpan<float> query, ReadOnlySpan<Half> keys, Span<float> scores, float scale)
    {
        var d = query.Length;
        for (var t = 0; t < scores.Length; t++)
        {
            var sum = 0f;
            for (var i = 0; i < d; i++)
            {
                sum += query[i] * (float)keys[(t * d) + i];
            }

            scores[t] = sum / scale;
        }
    }

    /// <summary>Scalar reference of <see cref="WeightedSum"/>.</summary>
    public static void WeightedSumScalar(ReadOnlySpan<float> weights, ReadOnlySpan<Half> values, Span<float> output)
    {
        var d = output.Length;
        output.Clear();
        for (var t = 0; t < weights.Length; t++)
        {
            for (var i = 0; i < d; i++)
            {
                output[i] += weights[t] * (float)values[(t * d) + i];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* o, int width, Vector256<float> s0, Vector256<float> s1, Vector256<float> s2, Vector256<float> s3)
    {
        s0.Store(o);
        if (width > 8)
        {
            s1.Store(o + 8);
        }

        if (width > 16)
        {
            s2.Store(o + 16);
        }

        if (width > 24)
        {
            s3.Store(o + 24);
        }
    }
}
