using EdgeFM.Core.Caching;
using EdgeFM.Core.Context;
using EdgeFM.Simulation.Scenarios;
using EdgeFM.Simulation.TimeSeries;
using EdgeFM.Simulation.Workloads;

namespace EdgeFM.Simulation.Tests;

public sealed class TimeSeriesTests
{
    [Theory]
    [InlineData(CachePolicyNames.LC)]
    [InlineData(CachePolicyNames.FIFO)]
    [InlineData(CachePolicyNames.Random)]
    public void Sampling_does_not_change_the_run(string policy)
    {
        var simulator = new Simulator(TestScenarios.Small(requests: 3_000) with { WarmupRequests = 500 });
        var plain = simulator.Run(policy, 3);
        var sampled = simulator.Run(policy, 3, new TimeSeriesOptions(7.5));

        Assert.Null(plain.TimeSeries);
        Assert.NotNull(sampled.TimeSeries);
        Assert.Equal(plain with { TimeSeries = sampled.TimeSeries }, sampled);
    }

    [Fact]
    public void Interval_counts_add_up_to_the_runs_requests_and_edge_requests()
    {
        var scenario = TestScenarios.Small(requests: 2_000);
        var run = new Simulator(scenario).Run(CachePolicyNames.LFU, 2, new TimeSeriesOptions(10));
        var series = run.TimeSeries!;

        Assert.Equal(run.Generated, series.Requests.Sum());
        Assert.Equal(run.Costs.EdgeRequests, series.EdgeRequests.Sum());
        Assert.All(Enumerable.Range(0, series.Count), k => Assert.InRange(series.EdgeRequests[k], 0, series.Requests[k]));
        Assert.Equal(0, series.WarmupEndSeconds);
    }

    [Fact]
    public void Samples_are_at_regular_times_and_the_last_at_the_end_of_the_run()
    {
        var scenario = TestScenarios.Small(requests: 1_000);
        var run = new Simulator(scenario).Run(CachePolicyNames.LRU, 1, new TimeSeriesOptions(4));
        var series = run.TimeSeries!;

        for (var k = 0; k < series.Count - 1; k++)
        {
            Assert.Equal((k + 1) * 4.0, series.Times[k]);
        }

        Assert.Equal(run.EndTimeSeconds, series.Times[^1]);
        Assert.InRange(series.Times[^1] - series.Times[^2], double.Epsilon, 4);
        Assert.Equal(4, series.IntervalSeconds);
    }

    [Fact]
    public void Warm_up_requests_are_counted_and_where_the_warm_up_ended_is_recorded()
    {
        var scenario = TestScenarios.Small(requests: 400) with { WarmupRequests = 600 };
        var run = new Simulator(scenario).Run(CachePolicyNames.LC, 4, new TimeSeriesOptions(5));
        var series = run.TimeSeries!;

        Assert.Equal(1_000, series.Requests.Sum());
        Assert.InRange(series.WarmupEndSeconds, double.Epsilon, run.EndTimeSeconds);

        // The requests in the intervals wholly after the warm-up are all measured ones.
        var after = Enumerable.Range(0, series.Count).Where(k => k > 0 && series.Times[k - 1] > series.WarmupEndSeconds).Sum(k => series.Requests[k]);
        Assert.InRange(after, 1, run.Generated);
    }

    [Fact]
    public void Context_values_are_given_exactly_for_the_cached_models_and_counts_match()
    {
        var scenario = TestScenarios.Small(servers: 1, models: 6, capacityGb: 20, requests: 3_000);
        var series = new Simulator(scenario).Run(CachePolicyNames.LC, 5, new TimeSeriesOptions(6)).TimeSeries!;

        Assert.Equal(scenario.Catalog.Models.Select(m => m.Id), series.Models);
        var sawValue = false;
        for (var k = 0; k < series.Count; k++)
        {
            var cached = Enumerable.Range(0, series.Models.Count).Where(m => !double.IsNaN(series.ContextValue(k, m))).ToList();
            Assert.Equal(series.CachedModels[k], cached.Count);
            var bytes = cached.Sum(m => scenario.Catalog[m].MemoryBytes);
            Assert.InRange(bytes, 0, scenario.Servers[0].MemoryCapacityBytes);
            foreach (var m in cached)
            {
                var value = series.ContextValue(k, m);
                Assert.InRange(value, 0, scenario.Catalog[m].ContextCapacity);
                sawValue |= value > 0;
            }
        }

        Assert.True(sawValue, "no cached model ever had any context");
    }

    [Fact]
    public void A_sampled_context_value_is_the_age_of_context_of_the_models_examples()
    {
        // One server, one model, always cached: the sample must equal the metric over the requests served so far.
        var scenario = TestScenarios.Small(servers: 1, models: 1, capacityGb: 100, requests: 1);
        var csv = "time,user,model,inputTokens,outputTokens,topic\n1,a,m0,10,5,0.25\n3,a,m0,10,5,0.30\n30,a,m0,10,5,0.5\n";
        var trace = TraceReader.Read(new StringReader(csv), "t.csv", scenario.Catalog);
        var series = new Simulator(scenario with { Trace = trace, Requests = 0 }).Run(CachePolicyNames.LRU, 1, new TimeSeriesOptions(10)).TimeSeries!;

        // Sample 0 at t = 10: two examples (t = 1 and 3), valued for the latest request's topic (0.30).
        var metric = AgeOfContext.CreateDefault(scenario.Context.WindowSeconds, scenario.Context.TopicSharpness);
        var store = new ContextStore(4);
        store.Add(new Demonstration(1, 0.25));
        store.Add(new Demonstration(3, 0.30));
        Assert.Equal(10, series.Times[0]);
        Assert.Equal(metric.Value(store, 10, 0.30), series.ContextValue(0, 0), 12);
        Assert.Equal(2, series.Requests[0]);
        Assert.Equal(1, series.Requests[^1]);
    }

    [Fact]
    public void Options_for_a_scenario_spread_the_samples_over_its_expected_length()
    {
        var scenario = BuiltInScenarios.Load(BuiltInScenarios.Reproduce);
        var expected = (scenario.WarmupRequests + scenario.Requests) / (scenario.Workload.Users * scenario.Workload.RatePerUser);
        Assert.Equal(expected, TimeSeriesOptions.ExpectedSeconds(scenario), 9);
        Assert.Equal(expected / 100, TimeSeriesOptions.ForScenario(scenario, 100).IntervalSeconds, 9);
        Assert.Equal(50, TimeSeriesOptions.ExpectedSeconds(scenario with { DurationSeconds = 50 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeSeriesOptions(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeSeriesOptions(double.NaN));
    }
}
