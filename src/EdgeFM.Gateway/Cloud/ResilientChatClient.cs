using System.ClientModel;
using System.Runtime.CompilerServices;
using EdgeFM.Gateway.Admission;
using EdgeFM.Gateway.Metrics;
using Microsoft.Extensions.AI;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace EdgeFM.Gateway.Cloud;

/// <summary>
/// Wraps the cloud client with time limits, retries with exponential backoff and jitter, and a circuit breaker
/// (Polly), all on the injected <see cref="TimeProvider"/>. A call starts when the first streamed chunk arrives; from
/// then on the stream is passed through (a half-sent answer is never retried), each wait for the next chunk limited to
/// <see cref="CloudLinkSettings.IdleTimeout"/>.
/// </summary>
/// <remarks>
/// <para>Time limits. One attempt (connection, response headers and the first chunk) may take at most
/// <see cref="CloudLinkSettings.AttemptTimeout"/>; all attempts and the delays between them together at most
/// <see cref="CloudLinkSettings.FirstByteTimeout"/>. So the worst case from the call to the first chunk or a
/// failure is <c>min(FirstByteTimeout, (Retries + 1) × AttemptTimeout + the retry delays)</c>: 10 s with the
/// defaults (5 s attempts, 2 retries, 10 s in all). After the first chunk, a silence longer than the idle timeout ends
/// the stream with <see cref="CloudStalledException"/>; the total length of a stream is not limited.</para>
/// <para>Failures. Transport errors, attempt time-outs and 408, 429 and 5xx answers are retried and counted by the
/// circuit breaker (it opens when half of at least 4 attempts in 30 s fail); a 200 that is not a completion
/// (<see cref="CloudBadResponseException"/>) is counted but not retried; a refusal (other 4xx,
/// <see cref="CloudRejectedException"/>) is neither, so a client's bad request never cuts others off the cloud.
/// Retryable failures that outlast the retries, the first-byte limit or an open circuit surface as
/// <see cref="CloudUnavailableException"/>; the others as themselves; a caller's own cancellation stays an
/// <see cref="OperationCanceledException"/>. Faults after the first chunk (<see cref="CloudStalledException"/>,
/// <see cref="CloudStreamBrokenException"/>) end that stream but are not counted: the breaker judges how attempts start.</para>
/// <para>Room. Each call holds one of the admission controller's cloud slots from its start until its stream is
/// disposed (<see cref="AdmissionController.TryEnterCloud"/>), so cloud requests, however slow, never take the room the
/// gateway keeps for edge work; with every cloud slot taken a call fails at once with
/// <see cref="CloudUnavailableException"/>.</para>
/// </remarks>
public sealed class ResilientChatClient : DelegatingChatClient
{
    private readonly ResiliencePipeline _pipeline;
    private readonly CloudLinkSettings _settings;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly AdmissionController? _admission;
    private readonly CircuitBreakerStateProvider _circuit = new();

    public ResilientChatClient(IChatClient inner, CloudLinkSettings settings, GatewayMetrics metrics, TimeProvider time, AdmissionController? admission = null)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(metrics);
        _settings = settings;
        _metrics = metrics;
        _time = time;
        _admission = admission;
        var retryable = new PredicateBuilder().Handle<HttpRequestException>().Handle<TimeoutException>().Handle<IOException>()
            .Handle<ClientResultException>(ex => CloudRejectedException.IsRetryable(ex.Status));
        var counted = new PredicateBuilder().Handle<HttpRequestException>().Handle<TimeoutException>().Handle<IOException>()
            .Handle<ClientResultException>(ex => CloudRejectedException.IsRetryable(ex.Status)).Handle<CloudBadResponseException>();

        // Outermost first: the first-byte limit over everything, then retries, then the breaker seeing every attempt.
        var builder = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(settings.FirstByteTimeout);
        if (settings.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = retryable,
                MaxRetryAttempts = settings.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryDelay,
            });
        }

        _pipeline = builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = counted,
            FailureRatio = 0.5,
            MinimumThroughput = 4,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = settings.BreakDuration,
            StateProvider = _circuit,
            OnOpened = _ => { metrics.CloudCircuitOpen.Set(1); return ValueTask.CompletedTask; },
            OnClosed = _ => { metrics.CloudCircuitOpen.Set(0); return ValueTask.CompletedTask; },
        }).Build();
        metrics.CloudCircuitOpen.Set(0);
    }

    /// <summary>False while the circuit breaker is open (the cloud is considered down and is not tried).</summary>
    public bool IsAvailable => _circuit.CircuitState is CircuitState.Closed or CircuitState.HalfOpen;

    /// <summary>The circuit breaker's state (closed, open, half-open), for tests and diagnostics.</summary>
    public CircuitState CircuitState => _circuit.CircuitState;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken).ConfigureAwait(false);

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var slot = _admission is null ? null : _admission.TryEnterCloud()
            ?? throw new CloudUnavailableException($"The cloud already has {_admission.CloudLimit} requests in flight (--max-cloud-in-flight).");
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var attempt = await StartAsync(list, options, cancellationToken).ConfigureAwait(false);
        try
        {
            yield return attempt.First;
            while (await NextAsync(attempt, cancellationToken).ConfigureAwait(false))
            {
                yield return attempt.Stream.Current;
            }
        }
        finally
        {
            await attempt.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Waits for the next chunk at most the idle timeout.</summary>
    private async ValueTask<bool> NextAsync(Attempt attempt, CancellationToken callerToken)
    {
        attempt.Timer.CancelAfter(_settings.IdleTimeout);
        try
        {
            return await attempt.Stream.MoveNextAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (attempt.Timer.IsCancellationRequested && !callerToken.IsCancellationRequested)
        {
            _metrics.CloudAttempts.Add(1, "stalled");
            throw new CloudStalledException($"The cloud sent nothing for {_settings.IdleTimeout.TotalSeconds:0.###} s mid-answer (--cloud-idle-timeout); the answer is incomplete.", ex);
        }
        finally
        {
            // A slow reader downstream is not the cloud's silence.
            attempt.Timer.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    private async Task<Attempt> StartAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
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
        catch (TimeoutRejectedException ex)
        {
            throw new CloudUnavailableException($"No first chunk from the cloud within {_settings.FirstByteTimeout.TotalSeconds:0.###} s (--cloud-first-byte-timeout).", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or IOException or ClientResultException)
        {
            throw new CloudUnavailableException($"The cloud did not answer: {ex.Message}", ex);
        }
    }

    private async Task<Attempt> AttemptAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken pipelineToken, CancellationToken callerToken)
    {
        // The stream outlives the pipeline, so it is tied to the caller and its own timer only; the pipeline's token
        // (first-byte limit) reaches it through a registration that ends with the attempt.
        var timer = new CancellationTokenSource(_settings.AttemptTimeout, _time);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, callerToken);
        var stream = base.GetStreamingResponseAsync(messages, options, linked.Token).GetAsyncEnumerator(linked.Token);
        var attempt = new Attempt(stream, timer, linked);
        try
        {
            bool hasFirst;
            using (pipelineToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), timer))
            {
                hasFirst = await stream.MoveNextAsync().ConfigureAwait(false);
            }

            timer.CancelAfter(Timeout.InfiniteTimeSpan);
            if (timer.IsCancellationRequested)
            {
                // The limit struck just as the first chunk arrived: the stream's token is cancelled, so the attempt is lost.
                throw new OperationCanceledException(timer.Token);
            }

            if (!hasFirst)
            {
                throw new CloudBadResponseException("The cloud's stream ended without any chunk.");
            }

            attempt.First = stream.Current;
            _metrics.CloudAttempts.Add(1, "ok");
            return attempt;
        }
        catch (Exception ex)
        {
            await attempt.DisposeAsync().ConfigureAwait(false);
            if (ex is OperationCanceledException && timer.IsCancellationRequested && !callerToken.IsCancellationRequested)
            {
                _metrics.CloudAttempts.Add(1, "timeout");
                var limit = pipelineToken.IsCancellationRequested ? _settings.FirstByteTimeout : _settings.AttemptTimeout;
                throw new TimeoutException($"No first chunk from the cloud within {limit.TotalSeconds:0.###} s.", ex);
            }

            _metrics.CloudAttempts.Add(1, ex is CloudRejectedException ? "rejected" : "error");
            throw;
        }
    }

    /// <summary>One attempt's stream and the timer (attempt, then idle limit) and token source it runs under.</summary>
    private sealed class Attempt(IAsyncEnumerator<ChatResponseUpdate> stream, CancellationTokenSource timer, CancellationTokenSource linked) : IAsyncDisposable
    {
        public IAsyncEnumerator<ChatResponseUpdate> Stream { get; } = stream;

        public CancellationTokenSource Timer { get; } = timer;

        public ChatResponseUpdate First { get; set; } = null!;

        public async ValueTask DisposeAsync()
        {
            try
            {
                await Stream.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                linked.Dispose();
                Timer.Dispose();
            }
        }
    }
}
