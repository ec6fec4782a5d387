using System.Text.Json;
using EdgeFM.Gateway.Tests.Support;

namespace EdgeFM.Gateway.Tests.Execution;

/// <summary>
/// NetGPT requests end to end on stories260K: the edge model completes the prompt, only the egress-filtered completed
/// prompt reaches the answer stage (a fake OpenAI cloud on loopback, or the edge model itself), and the response says so.
/// </summary>
public sealed class NetGptExecutionTests
{
    private const string Paris = """{"location":{"lat":48.8566,"lon":2.3522}""";

    [Fact]
    public async Task A_streamed_netgpt_request_completes_at_the_edge_and_streams_the_cloud_answer_to_the_completed_prompt()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.Healthy);
        await using var gateway = await RealModelGateway.StartAsync(o => o with { CloudUrl = cloud.BaseUrl });

        using var response = await gateway.Client.PostJsonAsync(
            "/v1/chat/completions",
            """{"model":"netgpt/big","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Where can I eat tonight?"}],"stream":true,"user":"ann-42","edgefm":""" + Paris + "}}");

        var (events, done) = Sse.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(done);
        Assert.Equal("cloud says hi", string.Concat(events.Select(e => e.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : "").FirstOrDefault())));
        var edgefm = events[0].GetProperty("edgefm");
        Assert.Equal("cloud", edgefm.GetProperty("placement").GetString());
        Assert.Equal(["complete", "answer"], edgefm.GetProperty("plan").EnumerateArray().Select(s => s.GetProperty("role").GetString()!));
        Assert.Equal(["edge", "cloud"], edgefm.GetProperty("plan").EnumerateArray().Select(s => s.GetProperty("destination").GetString()!));
        var completed = edgefm.GetProperty("completed_prompt").GetString()!;
        Assert.StartsWith("Where can I eat tonight?", completed, StringComparison.Ordinal);
        Assert.Contains("Paris, France", completed, StringComparison.Ordinal);
        Assert.Equal("place", edgefm.GetProperty("facts")[0].GetProperty("kind").GetString());

        // The cloud got the completed prompt, the system message, and nothing else of the request.
        var sent = JsonDocument.Parse(Assert.Single(cloud.Received)).RootElement;
        Assert.Equal("big", sent.GetProperty("model").GetString());
        Assert.False(sent.TryGetProperty("user", out _));
        Assert.False(sent.TryGetProperty("edgefm", out _));
        var messages = sent.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()).ToList();
        Assert.Equal(["Be brief.", completed], messages);
        Assert.DoesNotContain("48.85", cloud.Received.Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("ann-42", cloud.Received.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_cloud_the_edge_model_answers_the_completed_prompt_and_the_completion_is_a_demonstration()
    {
        await using var gateway = await RealModelGateway.StartAsync();

        using var response = await gateway.Client.PostJsonAsync(
            "/v1/chat/completions",
            """{"model":"gpt-4o","messages":[{"role":"user","content":"Is it cold outside?"}],"max_tokens":8,"temperature":0,"edgefm":{"location":{"lat":64.1466,"lon":-21.9426},"personalize":true,"user":"bo"}}""");

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var body = await response.JsonAsync();
        var edgefm = body.GetProperty("edgefm");
        Assert.Equal("edge", edgefm.GetProperty("placement").GetString());
        Assert.Equal(["complete", "answer"], edgefm.GetProperty("plan").EnumerateArray().Select(s => s.GetProperty("role").GetString()!));
        Assert.All(edgefm.GetProperty("plan").EnumerateArray(), s => Assert.Equal(RealModelGateway.Model, s.GetProperty("model").GetString()));
        Assert.Contains("Reykjavik, Iceland", edgefm.GetProperty("completed_prompt").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()));

        await gateway.Demonstrations.FlushAsync();
        var context = await (await gateway.Client.GetAsync(new Uri($"/v1/edge/context/{RealModelGateway.Model}", UriKind.Relative))).JsonAsync();
        var example = Assert.Single(context.GetProperty("examples").EnumerateArray());
        Assert.Equal("Is it cold outside?", example.GetProperty("prompt").GetString());
        Assert.Equal("bo", example.GetProperty("user").GetString());
        Assert.Contains("Reykjavik, Iceland", example.GetProperty("response").GetString(), StringComparison.Ordinal);

        // The next request of the same user sees that demonstration, with its score.
        using var again = await gateway.Client.PostJsonAsync(
            "/v1/chat/completions",
            """{"model":"gpt-4o","messages":[{"role":"user","content":"Is it cold outside today?"}],"max_tokens":4,"edgefm":{"personalize":true,"user":"bo"}}""");
        var shown = (await again.JsonAsync()).GetProperty("edgefm").GetProperty("demonstrations");
        Assert.Equal(example.GetProperty("id").GetInt64(), Assert.Single(shown.EnumerateArray()).GetProperty("id").GetInt64());
        Assert.True(shown[0].GetProperty("score").GetDouble() > 0);
    }

    [Fact]
    public async Task A_personalized_request_without_a_location_is_completed_with_no_location_facts()
    {
        await using var gateway = await RealModelGateway.StartAsync();

        using var response = await gateway.Client.PostJsonAsync(
            "/v1/chat/completions",
            """{"model":"netgpt/big","messages":[{"role":"user","content":"Tell me a story."}],"max_tokens":4}""");

        var edgefm = (await response.JsonAsync()).GetProperty("edgefm");
        Assert.Equal("Tell me a story.", edgefm.GetProperty("completed_prompt").GetString());
        Assert.Equal(0, edgefm.GetProperty("facts").GetArrayLength());
    }
}
