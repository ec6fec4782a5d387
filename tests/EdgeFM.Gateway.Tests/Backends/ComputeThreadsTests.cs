using EdgeFM.Gateway.Backends;

namespace EdgeFM.Gateway.Tests.Backends;

public sealed class ComputeThreadsTests
{
    [Theory]
    [InlineData(3, 4, 5, 2, 3)] // configured wins
    [InlineData(0, 1, 1, 2, 2)] // one model, one generation: every core
    [InlineData(0, 1, 2, 8, 4)] // two models share eight cores
    [InlineData(0, 4, 1, 2, 1)] // four generations on two cores: one each
    [InlineData(0, 1, 6, 2, 1)] // never below one
    public void Auto_shares_the_processors_among_generations_that_may_run_at_once(int configured, int parallel, int models, int processors, int expected) =>
        Assert.Equal(expected, ComputeThreads.Resolve(configured, parallel, models, processors));
}
