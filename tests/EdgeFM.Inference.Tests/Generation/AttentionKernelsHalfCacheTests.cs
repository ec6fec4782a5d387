using EdgeFM.Inference.Generation;

namespace EdgeFM.Inference.Tests.Generation;

/// <summary>The attention kernels over an F16 KV cache: against their scalar reference, and bit-identical to the F32 kernels on the widened cache.</summary>
public sealed class AttentionKernelsHalfCacheTests
{
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (var headDimension in new[] { 6, 8, 16, 24, 32, 40, 48, 64, 72, 100, 128, 256 })
        {
            foreach (var positions in new[] { 0, 1, 3, 4, 7, 66, 130 })
            {
                data.Add(headDimension, positions);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Half_cache_kernels_match_the_reference_and_the_float_kernels_on_the_widened_cache(int headDimension, int positions)
    {
        var random = new Random((headDimension * 1000) + positions);
        var query = Random(random, headDimension);
        var cache = new Half[headDimension * positions];
        for (var i = 0; i < cache.Length; i++)
        {
            cache[i] = (Half)((random.NextSingle() * 8) - 4);
        }

        var widened = Array.ConvertAll(cache, h => (float)h);
        var weights = Random(random, positions);

        var reference = new float[positions];
        var half = new float[positions];
        var single = new float[positions];
        AttentionKernels.ScoresScalar(query, cache, reference, 2.5f);
        AttentionKernels.Scores(query, cache, half, 2.5f);
        AttentionKernels.Scores(query, widened, single, 2.5f);
        Assert.Equal(single, half);
        for (var t = 0; t < positions; t++)
        {
            Assert.True(Math.Abs(reference[t] - half[t]) <= 1e-5f * (1 + Math.Abs(reference[t])), $"score {t}: {half[t]} vs {reference[t]}");
        }

        var referenceSum = new float[headDimension];
        var halfSum = Random(random, headDimension); // overwritten, not accumulated into
        var singleSum = new float[headDimension];
        AttentionKernels.WeightedSumScalar(weights, cache, referenceSum);
        AttentionKernels.WeightedSum(weights, cache, halfSum);
        AttentionKernels.WeightedSum(weights, widened, singleSum);
        Assert.Equal(singleSum, halfSum);
        for (var i = 0; i < headDimension; i++)
        {
            Assert.True(Math.Abs(referenceSum[i] - halfSum[i]) <= 1e-4f * (1 + Math.Abs(referenceSum[i])), $"output {i}: {halfSum[i]} vs {referenceSum[i]}");
        }
    }

    private static float[] Random(Random random, int length)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (random.NextSingle() * 2) - 1;
        }

        return values;
    }
}
