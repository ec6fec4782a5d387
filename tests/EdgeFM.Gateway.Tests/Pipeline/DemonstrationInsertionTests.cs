using EdgeFM.Gateway.Tests.Support;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Tests.Pipeline;

/// <summary>Plain edge requests leave demonstrations and get the visible ones (own or shareable) in their prompt.</summary>
public sealed class DemonstrationInsertionTests
{
    private static string Chat(string user, string content, bool share = false, string model = "m0") =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":"{{content}}"}],"max_tokens":2,"edgefm":{"user":"{{user}}","share":{{(share ? "true" : "false")}}""" + "}}";

    [Fact]
    public async Task A_users_demonstrations_serve_only_that_user_unless_shareable()
    {
        await using var gateway = await TestGateway.StartAsync();
        (await gateway.Client.PostJsonAsync("/v1/chat/completions", Chat("ann", "which bakery opens early"))).Dispose();
        await gateway.Demonstrations.FlushAsync();

        var bo = await (await gateway.Client.PostJsonAsync("/v1/chat/completions", Chat("bo", "which bakery opens early on sunday"))).JsonAsync();
        Assert.Equal(0, bo.GetProperty("edgefm").GetProperty("demonstrations").GetArrayLength());
        var boPrompt = gateway.Loader.Prompts.Last();
        Assert.Single(boPrompt);

        var ann = await (await gateway.Client.PostJsonAsync("/v1/chat/completions", Chat("ann", "which bakery opens early today"))).JsonAsync();
        var shown = Assert.Single(ann.GetProperty("edgefm").GetProperty("demonstrations").EnumerateArray());
        Assert.True(shown.GetProperty("score").GetDouble() > 0);
        var annPrompt = gateway.Loader.Prompts.Last();
        Assert.Equal(3, annPrompt.Count);
        Assert.Equal(ChatRole.User, annPrompt[0].Role);
        Assert.Equal("which bakery opens early", annPrompt[0].Text);
        Assert.Equal(ChatRole.Assistant, annPrompt[1].Role);
        Assert.Equal("m0-0 m0-1", annPrompt[1].Text);
        Assert.Equal("which bakery opens early today", annPrompt[2].Text);

        (await gateway.Client.PostJsonAsync("/v1/chat/completions", Chat("cy", "which bakery sells rye", share: true))).Dispose();
        await gateway.Demonstrations.FlushAsync();
        var bo2 = await (await gateway.Client.PostJsonAsync("/v1/chat/completions", Chat("bo", "which bakery sells rye bread"))).JsonAsync();
        // Bo sees Cy's shareable demonstration and Bo's own, never Ann's private ones.
        Assert.Equal(2, bo2.GetProperty("edgefm").GetProperty("demonstrations").GetArrayLength());
        var seen = gateway.Loader.Prompts.Last().Select(m => m.Text).ToList();
        Assert.Contains("which bakery sells rye", seen);
        Assert.Contains("which bakery opens early on sunday", seen);
        Assert.DoesNotContain("which bakery opens early", seen);
        Assert.DoesNotContain("which bakery opens early today", seen);
    }

    [Theory]
    [InlineData(0.0, new[] { "which bakery opens early on sunday" })]
    [InlineData(1.0, new[] { "which bakery sells rye", "which bakery opens early on sunday" })]
    public async Task Other_user_affinity_weighs_shareable_demonstrations_of_other_users(double affinity, string[] expected)
    {
        await using var gateway = await TestGateway.StartAsync(configure: o => o with { OtherUserAffinity = affinity });
        (await gateway.Client.PostJsonAsync("/v1/chat/completions", Chat("bo", "which bakery opens early on sunday"))).Dispose();
        (await gateway.Client.PostJsonAsync("/v1/chat/completions", Chat("cy", "which bakery sells rye", share: true))).Dispose();
        await gateway.Demonstrations.FlushAsync();

        (await gateway.Client.PostJsonAsync("/v1/chat/completions", Chat("bo", "which bakery sells rye bread"))).Dispose();

        // Affinity 0: Bo's prompt holds Bo's own history only; affinity 1: Cy's shareable request too.
        var prompt = gateway.Loader.Prompts.Last();
        var shown = prompt.SkipLast(1).Where(m => m.Role == ChatRole.User).Select(m => m.Text).Order(StringComparer.Ordinal);
        Assert.Equal(expected.Order(StringComparer.Ordinal), shown);
        Assert.Equal("which bakery sells rye bread", prompt[^1].Text);
    }

    [Fact]
    public async Task Demonstrations_belong_to_their_model_and_k_zero_disables_insertion()
    {
        await using var gateway = await TestGateway.StartAsync(configure: o => o with { Demonstrations = 0 });
        (await gateway.Client.PostJsonAsync("/v1/chat/completions", Chat("ann", "ferry times please"))).Dispose();
        (await gateway.Client.PostJsonAsync("/v1/chat/completions", Chat("ann", "ferry times please", model: "m1"))).Dispose();
        await gateway.Demonstrations.FlushAsync();

        var again = await (await gateway.Client.PostJsonAsync("/v1/chat/completions", Chat("ann", "ferry times please"))).JsonAsync();

        Assert.False(again.GetProperty("edgefm").TryGetProperty("demonstrations", out _));
        Assert.Single(gateway.Loader.Prompts.Last());
        await gateway.Demonstrations.FlushAsync();
        Assert.Equal(2, gateway.Demonstrations.Count("m0"));
        Assert.Equal(1, gateway.Demonstrations.Count("m1"));
    }
}
