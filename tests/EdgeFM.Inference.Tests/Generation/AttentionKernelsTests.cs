using EdgeFM.Inference.Generation;

namespace EdgeFM.Inference.Tests.Generation;

public sealed class AttentionKernelsTests
{
    [Theory]
    [InlineData(8, 1)]
    [InlineData(8, 37)]
    [InlineData(16, 5)]
    [InlineData(64, 130)]
    [InlineData(128, 9)]
    [InlineData(6, 11)]
    [InlineData(100, 3)]
    [InlineData(24, 6)]
    [InlineData(32, 7)]
    [InlineData(40, 4)]
    [InlineData(48, 13)]
    [InlineData(56, 2)]
    [InlineData(64, 0)]
    [InlineData(72, 3)]
    [InlineData(96, 5)]
    [InlineData(128, 130)]
    [InlineData(24, 7)]
    [InlineData(48, 66)]
    [InlineData(48, 2)]
    public void Vector_kernels_agree_with_the_scalar_reference(int headDimension, int positions)
    {
        var random = new Random(headDimension * 1000 + positions);
        var query = Random(random, headDimension);
        var cache = Random(random, headDimension * positions);
        var weights = Random(random, positions);

        var expected = new float[positions];
        var actual = new float[positions];
        AttentionKernels.ScoresScalar(query, cache, expected, 2.5f);
        AttentionKernels.Scores(query, cache, actual, 2.5f);
        for (var t = 0; t < positions; t++)
        {
            Assert.True(Math.Abs(expected[t] - actual[t]) <= 1e-5f * (1 + Math.Abs(expected[t])), $"score {t}: {actual[t]} vs {expected[t]}");
        }

        var expectedSum = new float[headDimension];
        var actualSum = Random(random, headDimension); // overwritten, not accumulated into
        AttentionKernels.WeightedSumScalar(weights, cache, expectedSum);
        AttentionKernels.WeightedSum(weights, cache, actualSum);
        for (var i = 0; i < headDimension; i++)
        {
            Assert.True(Math.Abs(expectedSum[i] - actualSum[i]) <= 1e-4f * (1 + Math.Abs(expectedSum[i])), $"output {i}: {actualSum[i]} vs {expectedSum[i]}");
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
