using EdgeFM.Inference.Generation;

namespace EdgeFM.Inference.Tests.Generation;

public sealed class SamplerTests
{
    [Theory]
    [InlineData(1e-30f)]
    [InlineData(1e-6f)]
    [InlineData(3e-5f)]
    public void A_tiny_top_p_on_a_near_uniform_distribution_keeps_the_most_likely_token(float topP)
    {
        const int vocabulary = 32_000;
        var logits = new float[vocabulary];
        logits[1234] = 1e-3f;
        var sampler = new Sampler(vocabulary, new GenerationOptions { Temperature = 1, TopP = topP, Seed = 3 });

        var token = sampler.Sample(logits, []);

        Assert.Equal(1234, token);
    }

    [Theory]
    [InlineData(1e-30f)]
    [InlineData(3e-5f)]
    public void A_top_p_below_one_over_the_vocabulary_on_a_uniform_distribution_still_draws_a_token(float topP)
    {
        // Every probability is 1/n and the pre-filter bound (1 - p)/(n - 1) is above it: the top token must still survive.
        const int vocabulary = 32_000;
        var sampler = new Sampler(vocabulary, new GenerationOptions { Temperature = 1, TopP = topP, Seed = 3 });

        var token = sampler.Sample(new float[vocabulary], []);

        Assert.InRange(token, 0, vocabulary - 1);
    }

    [Fact]
    public void Top_p_keeps_the_smallest_prefix_whose_probability_reaches_it()
    {
        // Probabilities 0.5, 0.3, 0.2: top-p 0.6 keeps the first two only.
        float[] logits = [MathF.Log(0.5f), MathF.Log(0.3f), MathF.Log(0.2f)];
        var sampler = new Sampler(3, new GenerationOptions { Temperature = 1, TopP = 0.6f, Seed = 5 });

        var seen = new HashSet<int>();
        for (var i = 0; i < 400; i++)
        {
            seen.Add(sampler.Sample(logits, []));
        }

        Assert.Equal([0, 1], seen.Order());
    }
}
