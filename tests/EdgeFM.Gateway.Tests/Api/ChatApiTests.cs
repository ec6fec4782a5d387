using System.Text.Json;
using EdgeFM.Gateway.Tests.Support;

namespace EdgeFM.Gateway.Tests.Api;

public sealed class ChatApiTests
{
    [Fact]
    public async Task Chat_completion_answers_in_openai_shape_and_says_where_it_ran()
    {
        await using var gateway = await TestGateway.StartAsync();
        const string body = """{"model":"m0","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hello there"}],"max_tokens":3}""";

        using var first = await gateway.Client.PostJsonAsync("/v1/chat/completions", body);
        var json = await first.JsonAsync();

        Assert.Equal(200, (int)first.StatusCode);
        Assert.Equal("edge", first.Headers.GetValues("x-edgefm-placement").Single());
        Assert.Equal("chat.completion", json.GetProperty("object").GetString());
        Assert.StartsWith("chatcmpl-", json.GetProperty("id").GetString());
        Assert.Equal("m0", json.GetProperty("model").GetString());
        var choice = json.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("m0-0 m0-1 m0-2", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(4, json.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(3, json.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(7, json.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal("edge", json.GetProperty("edgefm").GetProperty("placement").GetString());
        Assert.Equal("miss", json.GetProperty("edgefm").GetProperty("cache").GetString());

        using var second = await gateway.Client.PostJsonAsync("/v1/chat/completions", body);
        Assert.Equal("hit", (await second.JsonAsync()).GetProperty("edgefm").GetProperty("cache").GetString());
    }

    [Fact]
    public async Task Stop_sequence_ends_the_answer_with_finish_reason_stop()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", """{"model":"m1","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],"max_completion_tokens":9,"stop":["m1-2"],"temperature":0.5,"top_p":0.9,"seed":7,"n":1}""");
        var choice = (await response.JsonAsync()).GetProperty("choices")[0];

        Assert.Equal("m1-0 m1-1", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Streaming_chat_sends_role_then_deltas_then_finish_reason_then_usage_then_done()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", """{"model":"m0","messages":[{"role":"user","content":"hi"}],"max_tokens":4,"stream":true,"stream_options":{"include_usage":true}}""");

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("edge", response.Headers.GetValues("x-edgefm-placement").Single());
        var (events, done) = Sse.Parse(await response.Content.ReadAsStringAsync());

        Assert.True(done);
        Assert.All(events, e => Assert.Equal("chat.completion.chunk", e.GetProperty("object").GetString()));
        Assert.Single(events.Select(e => e.GetProperty("id").GetString()).Distinct(StringComparer.Ordinal));
        Assert.Equal("assistant", events[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var content = string.Concat(events.Where(e => e.GetProperty("choices").GetArrayLength() > 0)
            .Select(e => e.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("content", out _))
            .Select(d => d.GetProperty("content").GetString()));
        Assert.Equal("m0-0 m0-1 m0-2 m0-3", content);
        var last = events[^2].GetProperty("choices")[0];
        Assert.Equal("length", last.GetProperty("finish_reason").GetString());
        Assert.Equal(JsonValueKind.Null, events[0].GetProperty("choices")[0].GetProperty("finish_reason").ValueKind);
        Assert.Equal(JsonValueKind.Null, events[0].GetProperty("usage").ValueKind);
        var usage = events[^1];
        Assert.Equal(0, usage.GetProperty("choices").GetArrayLength());
        Assert.Equal(4, usage.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal("edge", usage.GetProperty("edgefm").GetProperty("placement").GetString());
    }

    [Fact]
    public async Task Streaming_without_include_usage_has_no_usage_chunk()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", """{"model":"m0","messages":[{"role":"user","content":"hi"}],"max_tokens":2,"stream":true}""");
        var (events, done) = Sse.Parse(await response.Content.ReadAsStringAsync());

        Assert.True(done);
        Assert.All(events, e => Assert.False(e.TryGetProperty("usage", out _)));
        Assert.All(events, e => Assert.Equal(1, e.GetProperty("choices").GetArrayLength()));
    }

    [Fact]
    public async Task Text_completion_answers_and_streams_in_openai_shape()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var plain = await gateway.Client.PostJsonAsync("/v1/completions", """{"model":"m2","prompt":"Once upon a time","max_tokens":2}""");
        var json = await plain.JsonAsync();
        Assert.Equal("text_completion", json.GetProperty("object").GetString());
        Assert.StartsWith("cmpl-", json.GetProperty("id").GetString());
        Assert.Equal("m2-0 m2-1", json.GetProperty("choices")[0].GetProperty("text").GetString());

        using var streamed = await gateway.Client.PostJsonAsync("/v1/completions", """{"model":"m2","prompt":["Once upon a time"],"max_tokens":3,"stream":true,"stream_options":{"include_usage":true}}""");
        var (events, done) = Sse.Parse(await streamed.Content.ReadAsStringAsync());
        Assert.True(done);
        Assert.All(events, e => Assert.Equal("text_completion", e.GetProperty("object").GetString()));
        var text = string.Concat(events.Where(e => e.GetProperty("choices").GetArrayLength() > 0).Select(e => e.GetProperty("choices")[0].GetProperty("text").GetString()));
        Assert.Equal("m2-0 m2-1 m2-2", text);
        Assert.Equal(3, events[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }
}
