using System.Diagnostics;
using System.Runtime.CompilerServices;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Pipeline;
using EdgeFM.Gateway.Placing;
using EdgeFM.Gateway.Routing;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Tests;

public sealed class PipelineTests
{
    private static GenerationRequest Request() =>
        new(EndpointKind.Chat, "m", [new ChatMessage(ChatRole.User, "once upon a time")], new ChatOptions(), Stream: true, IncludeUsage: false, PromptChars: 16, User: null)
        {
            ReceivedTimestamp = Stopwatch.GetTimestamp(),
        };

    [Fact]
    public async Task The_metrics_layer_records_tokens_latency_and_service_rates_when_the_stream_completes()
    {
        var metrics = new GatewayMetrics();
        var rates = new ServiceRates(cloudLatencyPrior: 9);
        var client = new MetricsChatClient(new ScriptedChatClient(withUsage: true), Placement.Edge, metrics, rates, Request());

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")]);

        Assert.Equal("a b c", response.Text);
        Assert.Equal(3, metrics.GeneratedTokens.Value("edge"));
        Assert.Equal(5, metrics.PromptTokens.Value("edge"));
        Assert.Equal(1, metrics.RequestSeconds.Count("edge"));
        Assert.Equal(1, metrics.TimeToFirstToken.Count("edge"));
        Assert.NotEqual(ServiceRates.PriorDecodeSecondsPerToken, rates.TokenSeconds("m").Decode);
        Assert.Equal(9, rates.CloudSeconds);
    }

    [Fact]
    public async Task Without_usage_tokens_are_counted_from_text_and_the_cloud_latency_is_measured()
    {
        var metrics = new GatewayMetrics();
        var rates = new ServiceRates(cloudLatencyPrior: 9);
        var client = new MetricsChatClient(new ScriptedChatClient(withUsage: false), Placement.Cloud, metrics, rates, Request());

        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "x")]))
        {
            Assert.NotNull(update);
        }

        Assert.Equal(3, metrics.GeneratedTokens.Value("cloud"));
        Assert.Equal(4, metrics.PromptTokens.Value("cloud"));
        Assert.True(rates.CloudSeconds < 9);
        Assert.Equal(ServiceRates.PriorDecodeSecondsPerToken, rates.TokenSeconds("m").Decode);
    }

    [Fact]
    public async Task An_abandoned_stream_records_nothing()
    {
        var metrics = new GatewayMetrics();
        var client = new MetricsChatClient(new ScriptedChatClient(withUsage: true), Placement.Edge, metrics, new ServiceRates(1), Request());

        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "x")]))
        {
            Assert.Equal("a", update.Text);
            break;
        }

        Assert.Equal(0, metrics.GeneratedTokens.Value("edge"));
        Assert.Equal(0, metrics.RequestSeconds.Count("edge"));
    }

    private sealed class ScriptedChatClient(bool withUsage) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var text in new[] { "a", " b", " c" })
            {
                await Task.Delay(5, cancellationToken);
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
