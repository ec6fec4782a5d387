using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Generation;

/// <summary>
/// The two products inside attention over one head's contiguous cache ([position][head dimension]). Heads are short
/// (8 to 128 elements), so a call per position to a general dot product costs more than the arithmetic; these loops work
/// in Vector256 registers across positions (scores four positions at a time, weighted sums a group of columns per pass
/// over the positions). Each has a scalar reference. The cache holds float32 or, with an F16 KV cache, IEEE halves,
/// which are widened exactly as they are loaded (<see cref="HalfConvert.ToSingle8(Vector128{ushort})"/>); the
/// arithmetic is the same float32 arithmetic in the same order either way, so a half cache gives the float32 kernels'
/// results on the widened values.
/// </summary>
internal static class AttentionKernels
{
    /// <summary><c>scores[t] = (query · keys[t]) / scale</c> for t in [0, scores.Length).</summary>
    /// <remarks>
    /// Four positions per step: each position's sum is one chain of FMAs (latency-bound when run alone), so four
    /// independent chains keep the FMA units busy. Each score's arithmetic is the same as one position at a time.
    /// </remarks>
    public static void Scores(ReadOnlySpan<float> query, ReadOnlySpan<float> keys, Span<float> scores, float scale) =>
        Scores<float, FromSingle>(query, keys, scores, scale);

    /// <summary><see cref="Scores(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, float)"/> over a half-precision cache.</summary>
    public static void Scores(ReadOnlySpan<float> query, ReadOnlySpan<Half> keys, Span<float> scores, float scale) =>
        Scores<Half, FromHalf>(query, keys, scores, scale);

    /// <summary><c>output[i] = Σ_t weights[t] · values[t, i]</c> over t in [0, weights.Length).</summary>
    /// <remarks>
    /// One pass over the positions per group of up to four 8-float column chunks, the group's sums held in registers:
    /// one chunk per pass read every row eight times over for a 64-wide head and ran one dependent FMA per position.
    /// Every output element still accumulates its positions in order, as the scalar reference does.
    /// </remarks>
    public static void WeightedSum(ReadOnlySpan<float> weights, ReadOnlySpan<float> values, Span<float> output) =>
        WeightedSum<float, FromSingle>(weights, values, output);

    /// <summary><see cref="WeightedSum(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/> over a half-precision cache.</summary>
    public static void WeightedSum(ReadOnlySpan<float> weights, ReadOnlySpan<Half> values, Span<float> output) =>
        WeightedSum<Half, FromHalf>(weights, values, output);

    /// <summary>Scalar reference of <see cref="Scores(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, float)"/>.</summary>
    public static void ScoresScalar(ReadOnlySpan<float> query, ReadOnlySpan<float> keys, Span<float> scores, float scale) =>
        ScoresScalar<float, FromSingle>(query, keys, scores, scale);

    /// <summary>Scalar reference of <see cref="Scores(ReadOnlySpan{float}, ReadOnlySpan{Half}, Span{float}, float)"/>.</summary>
    public static void ScoresScalar(ReadOnlySpan<float> query, ReadOnlySpan<Half> keys, Span<float> scores, float scale) =>
        ScoresScalar<Half, FromHalf>(query, keys, scores, scale);

    /// <summary>Scalar reference of <see cref="WeightedSum(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>.</summary>
    public static void WeightedSumScalar(ReadOnlySpan<float> weights, ReadOnlySpan<float> values, Span<float> output) =>
        WeightedSumScalar<float, FromSingle>(weights, values, output);

    /// <summary>Scalar reference of <see cref="WeightedSum(ReadOnlySpan{float}, ReadOnlySpan{Half}, Span{float})"/>.</summary>
    public static void WeightedSumScalar(ReadOnlySpan<float> weights, ReadOnlySpan<Half> values, Span<float> output) =>
        WeightedSumScalar<Half, FromHalf>(weights, values, output);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scores<T, TWiden>(ReadOnlySpan<float> query, ReadOnlySpan<T> keys, Span<float> scores, float scale)
        where T : unmanaged
        where TWiden : IWiden<T>
    {
        var d = query.Length;
        if (!TWiden.IsAccelerated || d % Vector256<float>.Count != 0)
        {
            ScoresScalar<T, TWiden>(query, keys, scores, scale);
            return;
        }

        ref var k = ref MemoryMarshal.GetReference(keys);
        ref var q = ref MemoryMarshal.GetReference(query);
        var t = 0;
        for (; t + 4 <= scores.Length; t += 4)
        {
            ref var row0 = ref Unsafe.Add(ref k, t * d);
            ref var row1 = ref Unsafe.Add(ref row0, d);
            ref var row2 = ref Unsafe.Add(ref row1, d);
            ref var row3 = ref Unsafe.Add(ref row2, d);
            var s0 = Vector256<float>.Zero;
            var s1 = Vector256<float>.Zero;
            var s2 = Vector256<float>.Zero;
            var s3 = Vector256<float>.Zero;
            for (var offset = 0; offset < d; offset += Vector256<float>.Count)
            {
                var qv = Vector256.LoadUnsafe(ref q, (nuint)offset);
                s0 = Vector256.FusedMultiplyAdd(qv, TWiden.Load(ref row0, (nuint)offset), s0);
                s1 = Vector256.FusedMultiplyAdd(qv, TWiden.Load(ref row1, (nuint)offset), s1);
                s2 = Vector256.FusedMultiplyAdd(qv, TWiden.Load(ref row2, (nuint)offset), s2);
                s3 = Vector256.FusedMultiplyAdd(qv, TWiden.Load(ref row3, (nuint)offset), s3);
            }

            scores[t] = Vector256.Sum(s0) / scale;
            scores[t + 1] = Vector256.Sum(s1) / scale;
            scores[t + 2] = Vector256.Sum(s2) / scale;
            scores[t + 3] = Vector256.Sum(s3) / scale;
        }

        for (; t < scores.Length; t++)
        {
            ref var row = ref Unsafe.Add(ref k, t * d);
            var sum = Vector256<float>.Zero;
            for (var offset = 0; offset < d; offset += Vector256<float>.Count)
            {
                sum = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref q, (nuint)offset), TWiden.Load(ref row, (nuint)offset), sum);
            }

            scores[t] = Vector256.Sum(sum) / scale;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightedSum<T, TWiden>(ReadOnlySpan<float> weights, ReadOnlySpan<T> values, Span<float> output)
        where T : unmanaged
        where TWiden : IWiden<T>
    {
        var d = output.Length;
        if (!TWiden.IsAccelerated || d % Vector256<float>.Count != 0)
        {
            WeightedSumScalar<T, TWiden>(weights, values, output);
            return;
        }

        ref var v = ref MemoryMarshal.GetReference(values);
        ref var o = ref MemoryMarshal.GetReference(output);
        ref var w = ref MemoryMarshal.GetReference(weights);
        const int Group = 4 * 8;
        var offset = 0;
        for (; offset + Group <= d; offset += Group)
        {
            var s0 = Vector256<float>.Zero;
            var s1 = Vector256<float>.Zero;
            var s2 = Vector256<float>.Zero;
            var s3 = Vector256<float>.Zero;
            ref var row = ref Unsafe.Add(ref v, offset);
            for (var t = 0; t < weights.Length; t++)
            {
                var weight = Vector256.Create(Unsafe.Add(ref w, t));
                s0 = Vector256.FusedMultiplyAdd(weight, TWiden.Load(ref row, 0), s0);
                s1 = Vector256.FusedMultiplyAdd(weight, TWiden.Load(ref row, 8), s1);
                s2 = Vector256.FusedMultiplyAdd(weight, TWiden.Load(ref row, 16), s2);
                s3 = Vector256.FusedMultiplyAdd(weight, TWiden.Load(ref row, 24), s3);
                row = ref Unsafe.Add(ref row, d);
            }

            s0.StoreUnsafe(ref o, (nuint)offset);
            s1.StoreUnsafe(ref o, (nuint)offset + 8);
            s2.StoreUnsafe(ref o, (nuint)offset + 16);
            s3.StoreUnsafe(ref o, (nuint)offset + 24);
        }

        if (offset + 16 <= d)
        {
            var s0 = Vector256<float>.Zero;
            var s1 = Vector256<float>.Zero;
            ref var row = ref Unsafe.Add(ref v, offset);
            for (var t = 0; t < weights.Length; t++)
            {
                var weight = Vector256.Create(Unsafe.Add(ref w, t));
                s0 = Vector256.FusedMultiplyAdd(weight, TWiden.Load(ref row, 0), s0);
                s1 = Vector256.FusedMultiplyAdd(weight, TWiden.Load(ref row, 8), s1);
                row = ref Unsafe.Add(ref row, d);
            }

            s0.StoreUnsafe(ref o, (nuint)offset);
            s1.StoreUnsafe(ref o, (nuint)offset + 8);
            offset += 16;
        }

        if (offset < d)
        {
            var s0 = Vector256<float>.Zero;
            ref var row = ref Unsafe.Add(ref v, offset);
            for (var t = 0; t < weights.Length; t++)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref w, t)), TWiden.Load(ref row, 0), s0);
                row = ref Unsafe.Add(ref row, d);
            }

            s0.StoreUnsafe(ref o, (nuint)offset);
        }
    }

    private static void ScoresScalar<T, TWiden>(ReadOnlySpan<float> query, ReadOnlySpan<T> keys, Span<float> scores, float scale)
        where T : unmanaged
        where TWiden : IWiden<T>
    {
        var d = query.Length;
        for (var t = 0; t < scores.Length; t++)
        {
            var sum = 0f;
            for (var i = 0; i < d; i++)
            {
                sum += query[i] * TWiden.ToSingle(keys[(t * d) + i]);
            }

            scores[t] = sum / scale;
        }
    }

    private static void WeightedSumScalar<T, TWiden>(ReadOnlySpan<float> weights, ReadOnlySpan<T> values, Span<float> output)
        where T : unmanaged
        where TWiden : IWiden<T>
    {
        var d = output.Length;
        output.Clear();
        for (var t = 0; t < weights.Length; t++)
        {
            for (var i = 0; i < d; i++)
            {
                output[i] += weights[t] * TWiden.ToSingle(values[(t * d) + i]);
            }
        }
    }

    /// <summary>How cached elements of type <typeparamref name="T"/> become float32.</summary>
    private interface IWiden<T>
        where T : unmanaged
    {
        /// <summary>True when <see cref="Load"/> runs in hardware vectors here.</summary>
        static abstract bool IsAccelerated { get; }

        /// <summary>Elements [offset, offset + 8) from <paramref name="source"/> as floats.</summary>
        static abstract Vector256<float> Load(ref T source, nuint offset);

        static abstract float ToSingle(T value);
    }

    private readonly struct FromSingle : IWiden<float>
    {
        public static bool IsAccelerated => Vector256.IsHardwareAccelerated;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load(ref float source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

        public static float ToSingle(float value) => value;
    }

    private readonly struct FromHalf : IWiden<Half>
    {
        public static bool IsAccelerated => Vector256.IsHardwareAccelerated && Avx2.IsSupported;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load(ref Half source, nuint offset) =>
            HalfConvert.ToSingle8(Vector128.LoadUnsafe(ref Unsafe.As<Half, ushort>(ref source), offset));

        public static float ToSingle(Half value) => (float)value;
    }
}
