using System.Net;
using EdgeFM.Gateway.Tests.Support;

namespace EdgeFM.Gateway.Tests.Admission;

public sealed class LoadSheddingTests
{
    [Fact]
    public async Task Full_model_queue_without_a_cloud_gets_429_with_retry_after()
    {
        var loader = new FakeModelLoader { TokenDelay = TimeSpan.FromMilliseconds(200) };
        await using var gateway = await TestGateway.StartAsync(loader: loader, configure: o => o with { MaxQueuePerModel = 1, ParallelPerModel = 1 });
        const string body = """{"model":"m0","messages":[{"role":"user","content":"hi"}],"max_tokens":5}""";

        var busy = gateway.Client.PostJsonAsync("/v1/chat/completions", body);
        await WaitUntilAsync(() => gateway.Cache.Describe("m0").InFlight == 1);
        using var refused = await gateway.Client.PostJsonAsync("/v1/chat/completions", body);

        await refused.AssertErrorAsync(429, "queue_full");
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        using var ok = await busy;
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Full_gateway_queue_gets_429()
    {
        var loader = new FakeModelLoader { TokenDelay = TimeSpan.FromMilliseconds(200) };
        await using var gateway = await TestGateway.StartAsync(loader: loader, configure: o => o with { MaxQueueTotal = 1, MaxQueuePerModel = 1 });

        var busy = gateway.Client.PostJsonAsync("/v1/chat/completions", """{"model":"m0","messages":[{"role":"user","content":"hi"}],"max_tokens":5}""");
        await WaitUntilAsync(() => gateway.Cache.Describe("m0").InFlight == 1);
        using var refused = await gateway.Client.PostJsonAsync("/v1/chat/completions", """{"model":"m1","messages":[{"role":"user","content":"hi"}],"max_tokens":1}""");

        await refused.AssertErrorAsync(429, "queue_full");
        (await busy).Dispose();
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_stream_cancels_its_generation_and_frees_its_slot()
    {
        var loader = new FakeModelLoader { TokenDelay = TimeSpan.FromMilliseconds(50) };
        await using var gateway = await TestGateway.StartAsync(loader: loader);
        using var cancel = new CancellationTokenSource();
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"m0","messages":[{"role":"user","content":"hi"}],"max_tokens":200,"stream":true}""", System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await gateway.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
        var buffer = new byte[64];
        Assert.True(await stream.ReadAsync(buffer, cancel.Token) > 0);

        await cancel.CancelAsync();
        response.Dispose();

        await WaitUntilAsync(() => Volatile.Read(ref loader.CancelledGenerations) == 1 && gateway.Cache.Describe("m0").InFlight == 0);
        Assert.Equal(0, gateway.Cache.Describe("m0").InFlight);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "condition not reached within 5 s");
    }
}
