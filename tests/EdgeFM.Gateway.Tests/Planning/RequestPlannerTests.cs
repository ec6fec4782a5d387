using System.Collections.Concurrent;
using System.Net;
using EdgeFM.Gateway.Tests.Support;
using Microsoft.Extensions.Logging;

namespace EdgeFM.Gateway.Tests.Planning;

public sealed class RequestPlannerTests
{
    private const string Hi = """{"model":"m0","messages":[{"role":"user","content":"hi"}],"max_tokens":2}""";

    [Fact]
    public async Task The_response_shows_the_plan_its_stage_destination_fallback_and_evictions()
    {
        await using var cloud = await FakeCloudServer.StartAsync(CloudBehaviour.Healthy);
        await using var gateway = await TestGateway.StartAsync(configure: o => o with
        {
            CloudUrl = cloud.BaseUrl, MemoryBudgetBytes = 100, Policy = "LRU",
            Placement = new Gateway.Placing.PlacementSettings { Policy = "EdgeFirst" },
        });

        (await gateway.Client.PostJsonAsync("/v1/chat/completions", Hi)).Dispose();
        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", Hi.Replace("m0", "m1", StringComparison.Ordinal));
        var edgefm = (await response.JsonAsync()).GetProperty("edgefm");
        var stage = edgefm.GetProperty("plan").EnumerateArray().Single();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("LRU", edgefm.GetProperty("policy").GetString());
        Assert.Equal("answer", stage.GetProperty("role").GetString());
        Assert.Equal("edge", stage.GetProperty("destination").GetString());
        Assert.Equal("m1", stage.GetProperty("model").GetString());
        Assert.True(stage.GetProperty("load").GetBoolean());
        Assert.Equal(["m0"], stage.GetProperty("evict").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("cloud", stage.GetProperty("fallback").GetProperty("destination").GetString());
        Assert.Equal("miss", edgefm.GetProperty("cache").GetString());
    }

    [Fact]
    public async Task A_policy_that_sends_a_request_to_the_cloud_without_a_cloud_gets_503_and_loads_nothing()
    {
        var loader = new FakeModelLoader();
        await using var gateway = await TestGateway.StartAsync(loader: loader, configure: o => o with { Policy = "Cloud" });

        using var response = await gateway.Client.PostJsonAsync("/v1/chat/completions", Hi);

        await response.AssertErrorAsync(503, "service_unavailable");
        Assert.Contains("Cloud policy sent it to the cloud, and this gateway has no cloud", (await response.JsonAsync()).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(loader.Loads);
    }

    [Fact]
    public async Task Least_context_keeps_a_model_with_valuable_context_and_refuses_at_once_without_a_cloud()
    {
        await using var gateway = await TestGateway.StartAsync(configure: o => o with { Policy = "LC", MemoryBudgetBytes = 100, RoomWait = TimeSpan.FromSeconds(30) });
        for (var i = 0; i < 3; i++)
        {
            (await gateway.Client.PostJsonAsync("/v1/chat/completions", Hi)).Dispose();
        }

        // LC values m0 by its committed demonstrations; the store commits off the request path.
        await gateway.Demonstrations.FlushAsync();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var other = await gateway.Client.PostJsonAsync("/v1/chat/completions", Hi.Replace("m0", "m1", StringComparison.Ordinal));

        await other.AssertErrorAsync(503, "service_unavailable");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "nothing is busy, so waiting for room cannot help and must not happen");
        Assert.Equal(Gateway.Cache.ModelState.Loaded, gateway.Cache.Describe("m0").State);
        var cache = await (await gateway.Client.GetAsync(new Uri("/v1/edge/cache", UriKind.Relative))).JsonAsync();
        Assert.Equal(3, cache.GetProperty("models")[0].GetProperty("demonstrations").GetInt32());
        Assert.True(cache.GetProperty("models")[0].GetProperty("context_value").GetDouble() > 2);
    }

    [Fact]
    public async Task Each_plan_is_logged_at_debug_level()
    {
        var lines = new ConcurrentQueue<string>();
        await using var gateway = await TestGateway.StartAsync(builder: b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Debug);
            b.Logging.AddProvider(new ListLoggerProvider(lines));
        });

        (await gateway.Client.PostJsonAsync("/v1/chat/completions", Hi)).Dispose();

        Assert.Contains(lines, l => l.StartsWith("plan for m0: [ANSWER edge:m0 (load)] by LRU", StringComparison.Ordinal));
    }

    private sealed class ListLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines);

        public void Dispose()
        {
        }

        private sealed class ListLogger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
