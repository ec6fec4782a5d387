using System.Runtime.CompilerServices;
using EdgeFM.Core.Context;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Context;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Pipeline;
using EdgeFM.Gateway.Placing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace EdgeFM.Gateway.Tests.Pipeline;

public sealed class PipelineTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<LiveDemonstrations> _stores = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    private ContextLedger NewLedger()
    {
        var store = new LiveDemonstrations(path: null, TimeSpan.FromSeconds(900), 8, _time);
        _stores.Add(store);
        return new ContextLedger(AgeOfContext.CreateDefault(900, 4), 8, store, _time);
    }

    [Fact]
    public async Task The_edge_pipeline_records_tokens_latency_rates_and_a_demonstration_when_the_stream_completes()
    {
        var metrics = new GatewayMetrics();
        var rates = new ServiceRates(cloudLatencyPrior: 9);
        var ledger = NewLedger();
        var backend = new ScriptedChatClient(_time, withUsage: true);
        var clients = new ServingPipeline(metrics, rates, ledger, _time).ForEdge("m", new ModelBackend(backend, 1, owner: null));
        var request = Request();

        var response = await clients.Chat.GetResponseAsync(request.Messages, RequestFacts.Attach(request.Options, request));

        Assert.Equal("a b c", response.Text);
        Assert.Equal(3, metrics.GeneratedTokens.Value("edge"));
        Assert.Equal(5, metrics.PromptTokens.Value("edge"));
        Assert.Equal(1, metrics.RequestSeconds.Count("edge"));
        Assert.Equal(0.03, metrics.RequestSeconds.Value("edge"), 9);
        Assert.Equal(0.01, metrics.TimeToFirstToken.Value("edge"), 9);
        Assert.Equal(0.01, rates.TokenSeconds("m").Decode, 9);
        Assert.Equal(9, rates.CloudSeconds);
        await ledger.Demonstrations.FlushAsync();
        Assert.Equal(1, ledger.DemonstrationCount("m"));
        Assert.Equal(1, ledger.CurrentContextValue("m"), 3);
    }

    [Fact]
    public async Task Request_facts_never_reach_the_backend()
    {
        var backend = new ScriptedChatClient(_time, withUsage: true);
        var clients = new ServingPipeline(new GatewayMetrics(), new ServiceRates(1), NewLedger(), _time)
            .ForEdge("m", new ModelBackend(backend, 1, owner: null));
        var request = Request();
        var options = RequestFacts.Attach(request.Options, request);
        options.AdditionalProperties!["other"] = 1;

        await clients.Chat.GetResponseAsync(request.Messages, options);

        Assert.NotNull(backend.LastOptions);
        Assert.False(backend.LastOptions!.AdditionalProperties!.ContainsKey(RequestFacts.Key));
        Assert.Equal(1, backend.LastOptions.AdditionalProperties["other"]);
        Assert.Null(request.Options.AdditionalProperties);
    }

    [Fact]
    public async Task Without_usage_tokens_are_counted_from_text_and_the_cloud_latency_is_measured()
    {
        var metrics = new GatewayMetrics();
        var rates = new ServiceRates(cloudLatencyPrior: 9);
        var cloud = new ServingPipeline(metrics, rates, NewLedger(), _time).ForCloud(new ScriptedChatClient(_time, withUsage: false));
        var request = Request();

        await foreach (var update in cloud.GetStreamingResponseAsync(request.Messages, RequestFacts.Attach(request.Options, request)))
        {
            Assert.NotNull(update);
        }

        Assert.Equal(3, metrics.GeneratedTokens.Value("cloud"));
        Assert.Equal(4, metrics.PromptTokens.Value("cloud"));
        Assert.Equal(0.03, rates.CloudSeconds, 9);
        Assert.Equal(ServiceRates.PriorDecodeSecondsPerToken, rates.TokenSeconds("m").Decode);
    }

    [Fact]
    public async Task An_abandoned_stream_records_nothing()
    {
        var metrics = new GatewayMetrics();
        var ledger = NewLedger();
        var clients = new ServingPipeline(metrics, new ServiceRates(1), ledger, _time).ForEdge("m", new ModelBackend(new ScriptedChatClient(_time, withUsage: true), 1, owner: null));
        var request = Request();

        await foreach (var update in clients.Chat.GetStreamingResponseAsync(request.Messages, RequestFacts.Attach(request.Options, request)))
        {
            Assert.Equal("a", update.Text);
            break;
        }

        Assert.Equal(0, metrics.GeneratedTokens.Value("edge"));
        Assert.Equal(0, metrics.RequestSeconds.Count("edge"));
        await ledger.Demonstrations.FlushAsync();
        Assert.Equal(0, ledger.DemonstrationCount("m"));
    }

    private GenerationRequest Request() =>
        new(EndpointKind.Chat, "m", [new ChatMessage(ChatRole.User, "once upon a time")], new ChatOptions(), Stream: true, IncludeUsage: false, PromptChars: 16, User: null)
        {
            ReceivedTimestamp = _time.GetTimestamp(),
        };

    /// <summary>Three tokens, each 10 ms of fake time after the last.</summary>
    private sealed class ScriptedChatClient(FakeTimeProvider time, bool withUsage) : IChatClient
    {
        public ChatOptions? LastOptions { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            LastOptions = options;
            foreach (var text in new[] { "a", " b", " c" })
            {
                time.Advance(TimeSpan.FromMilliseconds(10));
                await Task.Yield();
                yield return new ChatResponseUpdate(ChatRole.Assistant, text);
            }

            if (withUsage)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 5, OutputTokenCount = 3 })]) { FinishReason = ChatFinishReason.Stop };
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
