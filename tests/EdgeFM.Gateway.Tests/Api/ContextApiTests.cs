using System.Net;
using EdgeFM.Gateway.Tests.Support;

namespace EdgeFM.Gateway.Tests.Api;

/// <summary><c>GET</c> and <c>DELETE /v1/edge/context/{model}</c>.</summary>
public sealed class ContextApiTests
{
    [Fact]
    public async Task Get_lists_a_models_committed_demonstrations_and_delete_removes_them()
    {
        await using var gateway = await TestGateway.StartAsync(configure: o => o with { ApiKey = "k" });
        for (var i = 0; i < 3; i++)
        {
            (await gateway.Client.PostJsonAsync("/v1/chat/completions", $$"""{"model":"m0","messages":[{"role":"user","content":"question {{i}}"}],"max_tokens":2,"user":"u{{i}}"}""", "k")).Dispose();
        }

        await gateway.Demonstrations.FlushAsync();
        var context = await (await Send(gateway, HttpMethod.Get, "/v1/edge/context/m0", "k")).JsonAsync();

        Assert.Equal("m0", context.GetProperty("model").GetString());
        Assert.Equal(3, context.GetProperty("count").GetInt32());
        Assert.InRange(context.GetProperty("total_value").GetDouble(), 2.99, 3.0);
        var examples = context.GetProperty("examples").EnumerateArray().ToList();
        Assert.Equal(["question 2", "question 1", "question 0"], examples.Select(e => e.GetProperty("prompt").GetString()!));
        Assert.Equal("u2", examples[0].GetProperty("user").GetString());
        Assert.Equal("m0-0 m0-1", examples[0].GetProperty("response").GetString());
        Assert.All(examples, e => Assert.InRange(e.GetProperty("score").GetDouble(), 0.99, 1.0));

        var deleted = await (await Send(gateway, HttpMethod.Delete, "/v1/edge/context/m0", "k")).JsonAsync();
        Assert.Equal(3, deleted.GetProperty("deleted").GetInt32());
        var empty = await (await Send(gateway, HttpMethod.Get, "/v1/edge/context/m0", "k")).JsonAsync();
        Assert.Equal(0, empty.GetProperty("count").GetInt32());
        Assert.Equal(0, empty.GetProperty("examples").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_model_is_404_and_the_api_key_is_required()
    {
        await using var gateway = await TestGateway.StartAsync(configure: o => o with { ApiKey = "k" });

        await (await Send(gateway, HttpMethod.Get, "/v1/edge/context/zz", "k")).AssertErrorAsync(404, "model_not_found");
        await (await Send(gateway, HttpMethod.Delete, "/v1/edge/context/zz", "k")).AssertErrorAsync(404, "model_not_found");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(gateway, HttpMethod.Get, "/v1/edge/context/m0", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(gateway, HttpMethod.Delete, "/v1/edge/context/m0", "wrong")).StatusCode);
    }

    private static Task<HttpResponseMessage> Send(TestGateway gateway, HttpMethod method, string path, string? key)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return gateway.Client.SendAsync(request);
    }
}
