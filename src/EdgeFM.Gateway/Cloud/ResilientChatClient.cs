using System.ClientModel;
using System.Runtime.CompilerServices;
using EdgeFM.Gateway.Metrics;
using Microsoft.Extensions.AI;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace EdgeFM.Gateway.Cloud;

/// <summary>
/// Wraps the cloud client with a per-attempt timeout, retries with exponential backoff and jitter, and a circuit
/// breaker (Polly). An attempt succeeds when the first streamed update arrives; from then on the stream is passed
/// through unchanged (a half-sent answer is never retried). Every failure surfaces as
/// <see cref="CloudUnavailableException"/>; a caller's own cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class ResilientChatClient : DelegatingChatClient
{
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeSpan _attemptTimeout;
    private readonly GatewayMetrics _metrics;
    private readonly CircuitBreakerStateProvider _circuit = new();

    public ResilientChatClient(IChatClient inner, TimeSpan attemptTimeout, int retries, TimeSpan retryDelay, TimeSpan breakDuration, GatewayMetrics metrics, TimeProvider time)
        : base(inner)
    {
        _attemptTimeout = attemptTimeout;
        _metrics = metrics;
        var handled = new PredicateBuilder().Handle<HttpRequestException>().Handle<TimeoutException>().Handle<IOException>()
            .Handle<ClientResultException>(ex => ex.Status is 0 or 408 or 429 or >= 500);
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = handled,
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retryDelay,
            });
        }

        _pipeline = builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = handled,
            FailureRatio = 0.5,
            MinimumThroughput = 4,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = breakDuration,
            StateProvider = _circuit,
            OnOpened = _ => { metrics.CloudCircuitOpen.Set(1); return ValueTask.CompletedTask; },
            OnClosed = _ => { metrics.CloudCircuitOpen.Set(0); return ValueTask.CompletedTask; },
        }).Build();
        metrics.CloudCircuitOpen.Set(0);
    }

    /// <summary>False while the circuit breaker is open (the cloud is considered down and is not tried).</summary>
    public bool IsAvailable => _circuit.CircuitState is CircuitState.Closed or CircuitState.HalfOpen;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken).ConfigureAwait(false);

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var (stream, first, attemptCancellation) = await StartAsync(list, options, cancellationToken).ConfigureAwait(false);
        try
        {
            if (first is null)
            {
                yield break;
            }

            yield return first;
            while (await stream.MoveNextAsync().ConfigureAwait(false))
            {
                yield return stream.Current;
            }
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            attemptCancellation.Dispose();
        }
    }

    private async Task<(IAsyncEnumerator<ChatResponseUpdate> Stream, ChatResponseUpdate? First, CancellationTokenSource Cancellation)> StartAsync(
        IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                async token => await AttemptAsync(messages, options, token, cancellationToken).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            throw new CloudUnavailableException($"The cloud link's circuit is open after repeated failures; it is retried after the break. ({ex.Message})", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or IOException or ClientResultException)
        {
            throw new CloudUnavailableException($"The cloud did not answer: {ex.Message}", ex);
        }
    }

    private async Task<(IAsyncEnumerator<ChatResponseUpdate>, ChatResponseUpdate?, CancellationTokenSource)> AttemptAsync(
        IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken pipelineToken, CancellationToken callerToken)
    {
        var attempt = CancellationTokenSource.CreateLinkedTokenSource(pipelineToken, callerToken);
        attempt.CancelAfter(_attemptTimeout);
        var stream = base.GetStreamingResponseAsync(messages, options, attempt.Token).GetAsyncEnumerator(attempt.Token);
        try
        {
            var hasFirst = await stream.MoveNextAsync().ConfigureAwait(false);

            // The time limit covers the wait for the first token only; the rest streams at the model's pace.
            attempt.CancelAfter(Timeout.InfiniteTimeSpan);
            _metrics.CloudAttempts.Add(1, "ok");
            return (stream, hasFirst ? stream.Current : null, attempt);
        }
        catch (Exception ex)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            attempt.Dispose();
            if (ex is OperationCanceledException && !callerToken.IsCancellationRequested && !pipelineToken.IsCancellationRequested)
            {
                _metrics.CloudAttempts.Add(1, "timeout");
                throw new TimeoutException($"No first token from the cloud within {_attemptTimeout.TotalSeconds:0.###} s.", ex);
            }

            _metrics.CloudAttempts.Add(1, "error");
            throw;
        }
    }
}
