using EdgeFM.Core.Context;

namespace EdgeFM.Core.Tests.Context;

public sealed class AgeOfContextTests
{
    [Fact]
    public void Fresh_same_topic_examples_count_as_whole_examples()
    {
        var store = new ContextStore(8);
        for (var i = 0; i < 3; i++)
        {
            store.Add(new Demonstration(10, 0.2));
        }

        Assert.Equal(3, AgeOfContext.CreateDefault(100, 5).Value(store, 10, 0.2), 12);
    }

    [Fact]
    public void Freshness_falls_linearly_to_zero_at_the_window()
    {
        var freshness = new LinearFreshness(20);
        Assert.Equal(1, freshness.Weight(0));
        Assert.Equal(0.75, freshness.Weight(5), 12);
        Assert.Equal(0, freshness.Weight(20));
        Assert.Equal(0, freshness.Weight(40));
    }

    [Fact]
    public void Relevance_uses_circular_topic_distance()
    {
        var relevance = new TopicRelevance(4);
        Assert.Equal(0.1, TopicRelevance.Distance(0.95, 0.05), 12);
        Assert.Equal(0.5, TopicRelevance.Distance(0, 0.5), 12);
        Assert.Equal(Math.Exp(-0.4), relevance.Weight(new Demonstration(0, 0.95), 0.05), 12);
        Assert.Equal(1, new TopicRelevance(0).Weight(new Demonstration(0, 0.1), 0.6));
    }

    [Fact]
    public void Value_sums_freshness_times_relevance()
    {
        var store = new ContextStore(4);
        store.Add(new Demonstration(0, 0.0));
        store.Add(new Demonstration(5, 0.25));
        var aoc = AgeOfContext.CreateDefault(10, 2);
        var expected = (0.0 * 1) + (0.5 * Math.Exp(-2 * 0.25)) + 0;
        Assert.Equal(expected, aoc.Value(store, 10, 0.5), 1e-7);
    }

    [Fact]
    public void Custom_functions_give_the_same_value_as_the_inlined_defaults()
    {
        var store = new ContextStore(16);
        var random = new Random(5);
        for (var i = 0; i < 16; i++)
        {
            store.Add(new Demonstration(random.NextDouble() * 50, random.NextDouble()));
        }

        var fast = AgeOfContext.CreateDefault(40, 3);
        var slow = new AgeOfContext(new Wrapped(new LinearFreshness(40)), new TopicRelevance(3));
        Assert.Equal(slow.Value(store, 55, 0.3), fast.Value(store, 55, 0.3), 1e-6);
    }

    [Fact]
    public void Store_keeps_only_the_newest_examples_up_to_its_capacity()
    {
        var store = new ContextStore(3);
        for (var i = 0; i < 5; i++)
        {
            store.Add(new Demonstration(i, 0));
        }

        Assert.Equal(3, store.Count);
        Assert.Equal([2.0, 3.0, 4.0], store.Items.ToArray().Select(d => d.Time).Order());
        store.Clear();
        Assert.Equal(0, store.Count);
        Assert.Equal(0, AgeOfContext.CreateDefault(10, 0).Value(store, 4, 0));
    }

    private sealed class Wrapped(IFreshness inner) : IFreshness
    {
        public double Weight(double ageSeconds) => inner.Weight(ageSeconds);
    }

    [Fact]
    public void Bounded_value_is_exact_below_the_bound_and_at_least_the_bound_above_it()
    {
        var random = new Random(5);
        var metric = AgeOfContext.CreateDefault(50, 6);
        for (var trial = 0; trial < 500; trial++)
        {
            var store = new ContextStore(1 + random.Next(12));
            var time = 0.0;
            for (var i = random.Next(20); i > 0; i--)
            {
                time += random.NextDouble() * 10;
                store.Add(new Demonstration(time, random.NextDouble()));
            }

            var now = time + (random.NextDouble() * 40);
            var topic = random.NextDouble();
            var exact = metric.Value(store, now, topic);
            var enough = random.NextDouble() * 4;
            var bounded = metric.Value(store, now, topic, enough);
            if (exact < enough)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(exact), BitConverter.DoubleToInt64Bits(bounded));
            }
            else
            {
                Assert.InRange(bounded, enough, exact);
            }
        }
    }
}
