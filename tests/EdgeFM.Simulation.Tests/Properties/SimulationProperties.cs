using EdgeFM.Core.Caching;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeFM.Simulation.Tests.Properties;

/// <summary>Invariants of the simulator over random small scenarios, every policy and random seeds.</summary>
public sealed class SimulationProperties
{
    public sealed record Case(int Servers, int Models, int CapacityGb, int Requests, double Zipf, bool WarmStart, string Policy, int Seed)
    {
        public RunResult Run() =>
            new Simulator(TestScenarios.Small(Servers, Models, CapacityGb, Requests, Zipf, WarmStart)).Run(Policy, Seed);
    }

    private static Arbitrary<Case> Cases() =>
        (from servers in Gen.Choose(1, 4)
         from models in Gen.Choose(1, 9)
         from capacity in Gen.Choose(3, 40)
         from requests in Gen.Choose(1, 1500)
         from zipf in Gen.Choose(0, 20)
         from warm in Gen.Elements(true, false)
         from policy in Gen.Elements(CachePolicyNames.All.ToArray())
         from seed in Gen.Choose(-1000, 1000)
         select new Case(servers, models, capacity, requests, zipf / 10.0, warm, policy, seed)).ToArbitrary();

    private static void Check(Func<Case, bool> property) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), Prop.ForAll(Cases(), property));

    [Fact]
    public void Memory_in_use_never_exceeds_any_servers_capacity() =>
        Check(c => c.Run().PeakMemoryUtilization <= 1);

    [Fact]
    public void Every_request_is_served_exactly_once_at_the_edge_or_in_the_cloud() =>
        Check(c =>
        {
            var r = c.Run();
            return r.Generated == c.Requests && r.Costs.Requests == c.Requests && r.Costs.EdgeRequests + r.CloudRequests == c.Requests;
        });

    [Fact]
    public void Cloud_policy_executes_nothing_at_the_edge() =>
        Check(c =>
        {
            var r = (c with { Policy = CachePolicyNames.Cloud }).Run();
            return r.Costs.EdgeRequests == 0 && r.Costs.EdgeExecutionRatio == 0 && r.Costs.Switching == 0 && r.Costs.Loads == 0;
        });

    [Fact]
    public void The_same_seed_gives_identical_results() =>
        Check(c => c.Run() == c.Run());

    [Fact]
    public void System_cost_equals_the_sum_of_its_components() =>
        Check(c =>
        {
            var k = c.Run().Costs;
            return k.System == k.Switching + k.Accuracy + k.Inference + k.Offloading + k.Cloud
                && k.Switching >= 0 && k.Accuracy >= 0 && k.Inference >= 0 && k.Offloading >= 0 && k.Cloud >= 0;
        });
}
