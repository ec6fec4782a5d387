using EdgeFM.Gateway.Configuration;
using EdgeFM.Gateway.Placing;
using EdgeFM.Gateway.Planning;
using EdgeFM.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFM.Gateway.Tests.Planning;

/// <summary>The shape of NetGPT plans: a completion stage on the edge model, then the answer.</summary>
public sealed class NetGptPlanTests
{
    private static PlanRequest Personalized(string model) => new(model, 0.5, 10, 8, 40, null) { Personalize = true };

    [Fact]
    public async Task With_a_cloud_the_edge_model_completes_and_the_cloud_answers_with_the_edge_model_as_fallback()
    {
        var loader = new FakeModelLoader { BytesOf = id => id == "m1" ? 50 : 100 };
        await using var gateway = await TestGateway.StartAsync(loader: loader, configure: o => o with { CloudUrl = new Uri("http://127.0.0.1:9/v1") });
        var planner = gateway.App.Services.GetRequiredService<RequestPlanner>();

        var plan = planner.Plan(Personalized("gpt-big"), firstAttempt: true);

        Assert.Equal("m1", planner.NetGptEdgeModel); // the smallest model by default
        Assert.Equal([StageRole.Complete, StageRole.Answer], plan.Stages.Select(s => s.Role));
        Assert.Equal(Destination.EdgeLoad("m1", []), plan.Stages[0].Primary with { Evictions = [] });
        Assert.Null(plan.Stages[0].Fallback); // the raw prompt never goes to the cloud
        Assert.Equal(Placement.Cloud, plan.Stages[1].Primary.Kind);
        Assert.Equal("gpt-big", plan.Stages[1].Primary.Model);
        Assert.Equal("edge:m1", plan.Stages[1].Fallback!.ToString());
    }

    [Fact]
    public async Task Without_a_cloud_the_edge_model_completes_and_answers()
    {
        await using var gateway = await TestGateway.StartAsync(configure: o => o with { NetGptEdgeModel = "m2" });
        var planner = gateway.App.Services.GetRequiredService<RequestPlanner>();

        var plan = planner.Plan(Personalized("gpt-big"), firstAttempt: true);

        Assert.Equal("[COMPLETE edge:m2 (load); ANSWER edge:m2]", plan.ToString()[..plan.ToString().IndexOf(" by ", StringComparison.Ordinal)]);
        Assert.Contains("no cloud: the edge model answers", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_personalized_request_for_an_edge_model_is_answered_as_any_request_for_it()
    {
        await using var gateway = await TestGateway.StartAsync(configure: o => o with { NetGptEdgeModel = "m0" });
        var planner = gateway.App.Services.GetRequiredService<RequestPlanner>();

        var plan = planner.Plan(Personalized("m2"), firstAttempt: true);

        Assert.Equal([StageRole.Complete, StageRole.Answer], plan.Stages.Select(s => s.Role));
        Assert.Equal("m0", plan.Stages[0].Primary.Model);
        Assert.Equal("m2", plan.Stages[1].Primary.Model);
        Assert.Equal(Placement.Edge, plan.Stages[1].Primary.Kind);
    }

    [Fact]
    public async Task An_edge_model_that_is_not_in_the_directory_stops_the_start_naming_the_flag_and_the_ids_there_are()
    {
        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => TestGateway.StartAsync(configure: o => o with { NetGptEdgeModel = "absent" }));

        Assert.StartsWith("--netgpt-edge-model absent:", error.Message, StringComparison.Ordinal);
        Assert.Contains("available: m0, m1, m2", error.Message, StringComparison.Ordinal);
    }
}
