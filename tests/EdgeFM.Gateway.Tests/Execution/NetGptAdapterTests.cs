using System.Text.Json;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Configuration;
using EdgeFM.Gateway.Tests.Support;
using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;
using EdgeFM.Inference.Synthesis;
using EdgeFM.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EdgeFM.Gateway.Tests.Execution;

/// <summary>
/// LoRA adapters as NetGPT edge models on stories260K: a random adapter written beside the model (as the adapter
/// serving tests write theirs) completes the prompt when named by <c>--netgpt-edge-model base:adapter</c> or by
/// <c>edgefm.adapter</c> on a personalized request, loaded through the cache as the base model's child entry; its
/// greedy connectors differ from the base model's, and the response names the model that completed the prompt.
/// </summary>
public sealed class NetGptAdapterTests
{
    private const string Adapter = RealModelGateway.Model + ":a";

    // A fixed clock, so the local-time fact (and so the whole completed prompt) is the same in every gateway.
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static string Request(string extra) =>
        $$$"""{"model":"netgpt/big","messages":[{"role":"user","content":"Where can I eat tonight?"}],"max_tokens":2,"temperature":0,"edgefm":{"location":{"lat":48.8566,"lon":2.3522}{{{extra}}}}}""";

    [Fact]
    public async Task Edgefm_adapter_on_a_personalized_request_completes_the_prompt_on_the_adapter_loaded_as_a_child_entry()
    {
        await using var gateway = await StartAsync();

        var plain = await CompleteAsync(gateway, Request(string.Empty));
        var adapted = await CompleteAsync(gateway, Request(""","adapter":"a" """));
        var again = await CompleteAsync(gateway, Request(""","adapter":"a" """));

        Assert.Equal(RealModelGateway.Model, plain.GetProperty("edge_model").GetString());
        Assert.Equal(Adapter, adapted.GetProperty("edge_model").GetString());
        var completeStage = adapted.GetProperty("plan")[0];
        Assert.Equal("complete", completeStage.GetProperty("role").GetString());
        Assert.Equal(RealModelGateway.Model, completeStage.GetProperty("model").GetString());
        Assert.Equal(Adapter, completeStage.GetProperty("adapter").GetProperty("id").GetString());
        Assert.True(completeStage.GetProperty("adapter").GetProperty("load").GetBoolean());
        Assert.False(again.GetProperty("plan")[0].GetProperty("adapter").GetProperty("load").GetBoolean());
        Assert.Equal(ModelState.Loaded, gateway.App.Services.GetRequiredService<LiveModelCache>().Describe(Adapter).State);

        // Same facts, forced, in both; the connectors the model writes around them differ with the adapter, deterministically.
        var basePrompt = plain.GetProperty("completed_prompt").GetString()!;
        var adapterPrompt = adapted.GetProperty("completed_prompt").GetString()!;
        Assert.All(new[] { basePrompt, adapterPrompt }, p => Assert.Contains("Paris, France", p, StringComparison.Ordinal));
        Assert.NotEqual(basePrompt, adapterPrompt);
        Assert.Equal(adapterPrompt, again.GetProperty("completed_prompt").GetString());
    }

    [Fact]
    public async Task Netgpt_edge_model_base_colon_adapter_completes_every_personalized_request_as_edgefm_adapter_does()
    {
        string viaField;
        await using (var gateway = await StartAsync())
        {
            viaField = (await CompleteAsync(gateway, Request(""","adapter":"a" """))).GetProperty("completed_prompt").GetString()!;
        }

        await using var configured = await StartAsync(o => o with { NetGptEdgeModel = Adapter });
        var edgefm = await CompleteAsync(configured, Request(string.Empty));

        Assert.Equal(Adapter, edgefm.GetProperty("edge_model").GetString());
        Assert.Equal(viaField, edgefm.GetProperty("completed_prompt").GetString());

        // No cloud: the NetGPT edge model answers too, so the adapter answers over its base.
        var answer = edgefm.GetProperty("plan")[1];
        Assert.Equal("answer", answer.GetProperty("role").GetString());
        Assert.Equal(Adapter, answer.GetProperty("adapter").GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_unknown_edgefm_adapter_on_a_personalized_request_is_a_404_naming_the_field_and_the_adapters()
    {
        await using var gateway = await StartAsync();

        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", Request(""","adapter":"zz" """));

        var body = await response.Content.ReadAsStringAsync();
        await response.AssertErrorAsync(404, code: "model_not_found", param: "edgefm.adapter");
        Assert.Contains("its adapters: a, b", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_netgpt_edge_model_adapter_stops_the_start_naming_the_flag_and_the_ids_there_are()
    {
        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => StartAsync(o => o with { NetGptEdgeModel = RealModelGateway.Model + ":zz" }));

        Assert.StartsWith("--netgpt-edge-model stories260K:zz:", error.Message, StringComparison.Ordinal);
        Assert.Contains($"available: {RealModelGateway.Model}, {Adapter}, {RealModelGateway.Model}:b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edgefm_adapter_replaces_the_adapter_the_flag_names()
    {
        await using var gateway = await StartAsync(o => o with { NetGptEdgeModel = Adapter });

        var edgefm = await CompleteAsync(gateway, Request(""","adapter":"b" """));

        Assert.Equal(RealModelGateway.Model + ":b", edgefm.GetProperty("edge_model").GetString());
    }

    private static Task<RealModelGateway> StartAsync(Func<GatewayOptions, GatewayOptions>? configure = null) =>
        RealModelGateway.StartAsync(
            o => configure?.Invoke(o with { Demonstrations = 0 }) ?? o with { Demonstrations = 0 },
            new FakeTimeProvider(Now),
            WriteAdapter);

    /// <summary>Random rank-4 adapters a and b over stories260K, strong enough to change greedy choices (seeded: the same every run).</summary>
    private static void WriteAdapter(TempDirectory directory)
    {
        using var model = LlamaModel.Load(directory.File(RealModelGateway.Model + ".gguf"));
        LoraAdapterWriter.Write(directory.File(RealModelGateway.Model + ".a.gguf"), SyntheticAdapter.Create(model.Config, 4, alpha: 8f, seed: 1, bStdDev: 0.5f));
        LoraAdapterWriter.Write(directory.File(RealModelGateway.Model + ".b.gguf"), SyntheticAdapter.Create(model.Config, 4, alpha: 8f, seed: 2, bStdDev: 0.5f));
    }

    private static async Task<JsonElement> CompleteAsync(RealModelGateway gateway, string body)
    {
        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("edgefm");
    }
}
