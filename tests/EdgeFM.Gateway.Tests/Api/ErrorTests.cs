using System.Net;
using System.Text;
using EdgeFM.Gateway.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeFM.Gateway.Tests.Api;

public sealed class ErrorTests
{
    [Theory]
    [InlineData("{not json", "invalid_json", null)]
    [InlineData("[1,2]", "invalid_json", null)]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""", null, "model")]
    [InlineData("""{"model":"m0"}""", null, "messages")]
    [InlineData("""{"model":"m0","messages":[]}""", null, "messages")]
    [InlineData("""{"model":"m0","messages":[{"role":"wizard","content":"x"}]}""", null, "messages[0].role")]
    [InlineData("""{"model":"m0","messages":[{"role":"user","content":"x"}],"temperature":"hot"}""", null, "temperature")]
    [InlineData("""{"model":"m0","messages":[{"role":"user","content":"x"}],"temperature":3}""", null, "temperature")]
    [InlineData("""{"model":"m0","messages":[{"role":"user","content":"x"}],"max_tokens":0}""", null, "max_tokens")]
    [InlineData("""{"model":"m0","messages":[{"role":"user","content":"x"}],"n":2}""", null, "n")]
    [InlineData("""{"model":"m0","messages":[{"role":"user","content":"x"}],"stop":[1]}""", null, "stop")]
    [InlineData("""{"model":"m0","messages":[{"role":"user","content":"x"}],"stream":"yes"}""", null, "stream")]
    [InlineData("""{"model":"m0","messages":[{"role":"user","content":[{"type":"image_url"}]}]}""", "unsupported_content", "messages[0].content")]
    public async Task Bad_chat_bodies_get_400_in_openai_error_shape(string body, string? code, string? param)
    {
        await using var gateway = await TestGateway.StartAsync();
        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", body);
        await response.AssertErrorAsync(400, code, param);
    }

    [Fact]
    public async Task Unknown_model_without_a_cloud_is_404()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", """{"model":"nope","messages":[{"role":"user","content":"x"}]}""");
        await response.AssertErrorAsync(404, "model_not_found", "model");
    }

    [Fact]
    public async Task Body_over_the_limit_is_413_and_prompt_over_the_limit_is_400()
    {
        await using var gateway = await TestGateway.StartAsync(configure: o => o with { MaxBodyBytes = 2048, MaxPromptChars = 100 });
        var big = new string('a', 4000);
        using var tooLarge = await gateway.Client.PostJsonAsync("/v1/chat/completions", $$"""{"model":"m0","messages":[{"role":"user","content":"{{big}}"}]}""");
        await tooLarge.AssertErrorAsync(413, "request_too_large");

        var longPrompt = new string('a', 150);
        using var tooLong = await gateway.Client.PostJsonAsync("/v1/completions", $$"""{"model":"m0","prompt":"{{longPrompt}}"}""");
        await tooLong.AssertErrorAsync(400, "context_length_exceeded", "prompt");
    }

    [Fact]
    public async Task Api_key_guards_everything_but_health_and_readiness()
    {
        await using var gateway = await TestGateway.StartAsync(configure: o => o with { ApiKey = "s3cret" });
        const string body = """{"model":"m0","messages":[{"role":"user","content":"x"}],"max_tokens":1}""";

        using var missing = await gateway.Client.PostJsonAsync("/v1/chat/completions", body);
        await missing.AssertErrorAsync(401, "invalid_api_key");
        using var wrong = await gateway.Client.PostJsonAsync("/v1/chat/completions", body, apiKey: "guess");
        await wrong.AssertErrorAsync(401, "invalid_api_key");
        using var models = await gateway.Client.GetAsync("/v1/models");
        await models.AssertErrorAsync(401);
        using var metrics = await gateway.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, metrics.StatusCode);

        using var right = await gateway.Client.PostJsonAsync("/v1/chat/completions", body, apiKey: "s3cret");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task Hostile_json_never_crashes_the_server()
    {
        await using var gateway = await TestGateway.StartAsync();
        string[] hostile =
        [
            new string('[', 5000) + new string(']', 5000),
            """{"model":"m0","messages":[{"role":"user","content":"x"}],"max_tokens":1e400}""",
            """{"model":"m0","messages":[{"role":"user","content":"\uD800"}],"max_tokens":1}""",
            """{"model":"m0","model":"m1","messages":[{"role":"user","content":null}],"max_tokens":1}""",
            "\0\0\0",
            string.Empty,
        ];
        foreach (var body in hostile)
        {
            using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", body);
            Assert.True((int)response.StatusCode is 200 or 400, $"{(int)response.StatusCode} for {body[..Math.Min(body.Length, 40)]}");
        }

        // Random printable bodies, including JSON-ish fragments: only 200 or 400 ever comes back.
        var client = gateway.Client;
        var fragments = Gen.Elements("{", "}", "[", "]", "\"model\"", "\"m0\"", ":", ",", "\"messages\"", "\"role\"", "\"user\"", "\"content\"", "1", "-1e9", "null", "true", "\"max_tokens\"", "\"stream\"");
        Prop.ForAll(Arb.From(Gen.ListOf(fragments).Select(parts => string.Concat(parts))), body =>
        {
            using var response = client.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
            return (int)response.StatusCode is 200 or 400;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public async Task Unknown_routes_get_404_in_openai_error_shape()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var response = await gateway.Client.GetAsync("/v1/nothing-here");
        await response.AssertErrorAsync(404, "unknown_url");
    }
}
