using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Generation;

/// <summary>
/// The two products inside attention over one head's contiguous cache ([position][head dimension]). Heads are short
/// (8 to 128 elements), so a call per position to a general dot product costs more than the arithmetic; these loops keep
/// the query and the output accumulators in Vector256 registers across positions. Each has a scalar reference.
/// </summary>
internal static class AttentionKernels
{
    /// <summary><c>scores[t] = (query · keys[t]) / scale</c> for t in [0, scores.Length).</summary>
    /// <remarks>
    /// Four keys per step: four independent FMA chains instead of one (a single chain waits the FMA latency at every
    /// step), and one combined horizontal reduction (three <c>vhaddps</c>) for the four sums.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scores(ReadOnlySpan<float> query, ReadOnlySpan<float> keys, Span<float> scores, float scale)
    {
        var d = query.Length;
        if (!Avx.IsSupported || !Fma.IsSupported || d % Vector256<float>.Count != 0 || d > 8 * Vector256<float>.Count)
        {
            ScoresScalar(query, keys, scores, scale);
            return;
        }

        ref var k = ref MemoryMarshal.GetReference(keys);
        ref var q = ref MemoryMarshal.GetReference(query);
        var t = 0;
        for (; t + 4 <= scores.Length; t += 4)
        {
            ref var row = ref Unsafe.Add(ref k, t * d);
            Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (var offset = 0; offset < d; offset += Vector256<float>.Count)
            {
                var qv = Vector256.LoadUnsafe(ref q, (nuint)offset);
                s0 = Fma.MultiplyAdd(qv, Vector256.LoadUnsafe(ref row, (nuint)offset), s0);
                s1 = Fma.MultiplyAdd(qv, Vector256.LoadUnsafe(ref row, (nuint)(d + offset)), s1);
                s2 = Fma.MultiplyAdd(qv, Vector256.LoadUnsafe(ref row, (nuint)((2 * d) + offset)), s2);
                s3 = Fma.MultiplyAdd(qv, Vector256.LoadUnsafe(ref row, (nuint)((3 * d) + offset)), s3);
            }

            // [Σs0, Σs1, Σs2, Σs3] from the two 128-bit halves of hadd(hadd(s0, s1), hadd(s2, s3)).
            var h = Avx.HorizontalAdd(Avx.HorizontalAdd(s0, s1), Avx.HorizontalAdd(s2, s3));
            var sums = h.GetLower() + h.GetUpper();
            (sums / Vector128.Create(scale)).StoreUnsafe(ref MemoryMarshal.GetReference(scores), (nuint)t);
        }

        for (; t < scores.Length; t++)
        {
            ref var row = ref Unsafe.Add(ref k, t * d);
            var sum = Vector256<float>.Zero;
            for (var offset = 0; offset < d; offset += Vector256<float>.Count)
            {
                sum = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref q, (nuint)offset), Vector256.LoadUnsafe(ref row, (nuint)offset), sum);
            }

            scores[t] = Vector256.Sum(sum) / scale;
        }
    }

    /// <summary><c>output[i] = Σ_t weights[t] · values[t, i]</c> over t in [0, weights.Length).</summary>
    /// <remarks>
    /// Sixteen outputs (two vectors) at a time over two positions per step: four independent FMA chains, so the
    /// loop runs at FMA throughput rather than latency.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WeightedSum(ReadOnlySpan<float> weights, ReadOnlySpan<float> values, Span<float> output)
    {
        var d = output.Length;
        if (!Fma.IsSupported || d % Vector256<float>.Count != 0)
        {
            WeightedSumScalar(weights, values, output);
            return;
        }

        ref var v = ref MemoryMarshal.GetReference(values);
        ref var o = ref MemoryMarshal.GetReference(output);
        ref var w = ref MemoryMarshal.GetReference(weights);
        var positions = weights.Length;
        var offset = 0;
        for (; offset + 16 <= d; offset += 16)
        {
            Vector256<float> a0 = default, a1 = default, b0 = default, b1 = default;
            var t = 0;
            for (; t + 2 <= positions; t += 2)
            {
                var u = Vector256.Create(Unsafe.Add(ref w, t));
                var z = Vector256.Create(Unsafe.Add(ref w, t + 1));
                a0 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref v, (nuint)((t * d) + offset)), a0);
                a1 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref v, (nuint)((t * d) + offset + 8)), a1);
                b0 = Fma.MultiplyAdd(z, Vector256.LoadUnsafe(ref v, (nuint)(((t + 1) * d) + offset)), b0);
                b1 = Fma.MultiplyAdd(z, Vector256.LoadUnsafe(ref v, (nuint)(((t + 1) * d) + offset + 8)), b1);
            }

            if (t < positions)
            {
                var u = Vector256.Create(Unsafe.Add(ref w, t));
                a0 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref v, (nuint)((t * d) + offset)), a0);
                a1 = Fma.MultiplyAdd(u, Vector256.LoadUnsafe(ref v, (nuint)((t * d) + offset + 8)), a1);
            }

            (a0 + b0).StoreUnsafe(ref o, (nuint)offset);
            (a1 + b1).StoreUnsafe(ref o, (nuint)(offset + 8));
        }

        if (offset < d)
        {
            Vector256<float> a0 = default, b0 = default;
            var t = 0;
            for (; t + 2 <= positions; t += 2)
            {
                a0 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref w, t)), Vector256.LoadUnsafe(ref v, (nuint)((t * d) + offset)), a0);
                b0 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref w, t + 1)), Vector256.LoadUnsafe(ref v, (nuint)(((t + 1) * d) + offset)), b0);
            }

            if (t < positions)
            {
                a0 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref w, t)), Vector256.LoadUnsafe(ref v, (nuint)((t * d) + offset)), a0);
            }

            (a0 + b0).StoreUnsafe(ref o, (nuint)offset);
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
