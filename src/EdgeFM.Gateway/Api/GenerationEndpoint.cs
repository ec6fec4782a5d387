using System.Buffers;
using System.Text.Json;
using EdgeFM.Gateway.Admission;
using EdgeFM.Gateway.Cloud;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Execution;
using EdgeFM.Inference.Generation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace EdgeFM.Gateway.Api;

/// <summary>
/// Serves <c>POST /v1/chat/completions</c> and <c>POST /v1/completions</c>: reads a bounded body, validates it,
/// admits it, plans and starts it, and answers with one JSON object or an SSE stream ending in <c>data: [DONE]</c>. An answer
/// the backend did not complete is never reported complete: 502/504 with an error object, or, once streaming, an SSE
/// error event and no <c>data: [DONE]</c>. Every outcome is counted in <c>edgefm_requests_total</c> with its status.
/// A client that disconnects cancels its generation; the lease and queue slot are released either way.
/// </summary>
public sealed class GenerationEndpoint(
    RequestParser parser,
    AdmissionController admission,
    PlanExecutor executor,
    GatewayMetrics metrics,
    TimeProvider time,
    long maxBodyBytes,
    ILogger logger)
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    /// <summary>Handles one request end to end.</summary>
    public async Task HandleAsync(HttpContext context, EndpointKind kind)
    {
        var started = time.GetTimestamp();
        var endpoint = kind == EndpointKind.Chat ? "chat" : "completions";
        var placement = "none";
        try
        {
            var body = await ReadBodyAsync(context, maxBodyBytes).ConfigureAwait(false);
            var request = parser.Parse(kind, body, context.Request.Headers[EdgeFM.Edge.Location.LocationRequestReader.HeaderName].FirstOrDefault()) with { ReceivedTimestamp = started, ForwardedBy = ForwardedBy(context) };
            using var admitted = admission.EnterGateway();
            var run = await executor.StartAsync(request, context.RequestAborted).ConfigureAwait(false);
            await using (run.ConfigureAwait(false))
            {
                placement = run.PlacementName;
                var outcome = new GenerationOutcome();
                context.Response.Headers["x-edgefm-placement"] = placement;
                if (request.Stream)
                {
                    await StreamAsync(context, request, run, outcome).ConfigureAwait(false);
                }
                else
                {
                    await AnswerAsync(context, request, run, outcome).ConfigureAwait(false);
                }
            }

            metrics.Requests.Add(1, endpoint, placement, "200");
        }
        catch (ApiException ex)
        {
            metrics.Requests.Add(1, endpoint, placement, ex.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                await OpenAiWire.WriteErrorAsync(context, ex).ConfigureAwait(false);
            }
        }
        catch (ContextLengthExceededException ex)
        {
            metrics.Requests.Add(1, endpoint, placement, "400");
            if (!context.Response.HasStarted)
            {
                await OpenAiWire.WriteErrorAsync(context, ApiException.BadRequest(ex.Message, kind == EndpointKind.Chat ? "messages" : "prompt", "context_length_exceeded")).ConfigureAwait(false);
            }
        }
        catch (CloudLinkException ex)
        {
            // The cloud answered badly (refused, garbage, cut off): one line for the operator, the cloud's own error for
            // the client, never a partial answer passed off as complete.
            logger.LogWarning("{Endpoint} request: cloud fault {Code}: {Message}", endpoint, ex.Code, ex.Message);
            var error = OpenAiWire.CloudError(ex);
            metrics.Requests.Add(1, endpoint, placement, error.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!context.Response.HasStarted)
            {
                await OpenAiWire.WriteErrorAsync(context, error).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; its generation is cancelled and its slot freed by the disposals above.
            metrics.Requests.Add(1, endpoint, placement, "499");
        }
        catch (OperationCanceledException ex)
        {
            // Cancelled by something other than the client: a time limit below the gateway (the cloud SDK's backstop).
            logger.LogWarning("{Endpoint} request on {Placement} timed out: {Message}", endpoint, placement, ex.Message);
            metrics.Requests.Add(1, endpoint, placement, "504");
            if (!context.Response.HasStarted)
            {
                await OpenAiWire.WriteErrorAsync(context, new ApiException(StatusCodes.Status504GatewayTimeout, "server_error", "upstream_timeout", null, "The generation timed out before it completed.")).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A backend failure the gateway did not foresee: the client still gets OpenAI's error shape, the log the detail.
            logger.LogError(ex, "{Endpoint} request failed on {Placement}", endpoint, placement);
            metrics.Requests.Add(1, endpoint, placement, "500");
            if (!context.Response.HasStarted)
            {
                await OpenAiWire.WriteErrorAsync(context, new ApiException(500, "server_error", "generation_failed", null, $"The generation failed: {ex.Message}")).ConfigureAwait(false);
            }
        }
    }

    private async Task AnswerAsync(HttpContext context, GenerationRequest request, RunningGeneration run, GenerationOutcome outcome)
    {
        for (var update = run.First; update is not null; update = await run.Stream.MoveNextAsync().ConfigureAwait(false) ? run.Stream.Current : null)
        {
            Accumulate(update, outcome);
        }

        context.Response.ContentType = "application/json";
        using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        OpenAiWire.WriteCompletion(writer, request, NewId(request), time.GetUtcNow().ToUnixTimeSeconds(), run, outcome);
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private async Task StreamAsync(HttpContext context, GenerationRequest request, RunningGeneration run, GenerationOutcome outcome)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var id = NewId(request);
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var buffer = new ArrayBufferWriter<byte>(512);
        using var json = new Utf8JsonWriter(buffer);
        var first = true;
        try
        {
            for (var update = run.First; update is not null; update = await run.Stream.MoveNextAsync().ConfigureAwait(false) ? run.Stream.Current : null)
            {
                var text = Accumulate(update, outcome);
                if (text.Length == 0 && !first)
                {
                    continue;
                }

                OpenAiWire.WriteChunk(json, request, id, created, run, text, first, null);
                await SendAsync(context, buffer, json).ConfigureAwait(false);
                first = false;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            // Headers are gone: report the failure as an SSE error event, as OpenAI does, and end the stream without
            // a finish reason, usage or data: [DONE], so no client takes the partial answer for a complete one.
            var error = ex switch
            {
                CloudLinkException cloud => OpenAiWire.CloudError(cloud),
                OperationCanceledException => new ApiException(StatusCodes.Status504GatewayTimeout, "server_error", "upstream_timeout", null, "The generation timed out mid-stream; the answer is incomplete."),
                _ => new ApiException(500, "server_error", "generation_failed", null, $"The generation failed mid-stream: {ex.Message}"),
            };
            if (ex is CloudLinkException or OperationCanceledException)
            {
                logger.LogWarning("{Endpoint} stream ended incomplete on {Placement}: {Message}", request.Kind, run.PlacementName, ex.Message);
            }
            else
            {
                logger.LogError(ex, "{Endpoint} stream failed on {Placement}", request.Kind, run.PlacementName);
            }

            OpenAiWire.WriteError(json, error);
            await SendAsync(context, buffer, json).ConfigureAwait(false);
            throw error;
        }

        OpenAiWire.WriteChunk(json, request, id, created, run, request.Kind == EndpointKind.Chat ? null : string.Empty, first, outcome.FinishReason);
        await SendAsync(context, buffer, json).ConfigureAwait(false);
        if (request.IncludeUsage)
        {
            OpenAiWire.WriteUsageChunk(json, request, id, created, run, outcome);
            await SendAsync(context, buffer, json).ConfigureAwait(false);
        }

        await context.Response.BodyWriter.WriteAsync(Done, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task SendAsync(HttpContext context, ArrayBufferWriter<byte> buffer, Utf8JsonWriter json)
    {
        await json.FlushAsync().ConfigureAwait(false);

        // One event, one flush: the whole "data: {...}\n\n" goes to the pipe before it is sent.
        var pipe = context.Response.BodyWriter;
        pipe.Write(DataPrefix);
        pipe.Write(buffer.WrittenSpan);
        pipe.Write(EventEnd);
        await pipe.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        buffer.ResetWrittenCount();
        json.Reset();
    }

    private string Accumulate(ChatResponseUpdate update, GenerationOutcome outcome)
    {
        var text = update.Text;
        if (text.Length > 0)
        {
            outcome.Text.Append(text);
            outcome.TextUpdates++;
        }

        if (update.FinishReason is { } reason)
        {
            outcome.FinishReason = OpenAiWire.FinishReason(reason);
        }

        foreach (var usage in update.Contents.OfType<UsageContent>())
        {
            outcome.PromptTokens = usage.Details.InputTokenCount ?? outcome.PromptTokens;
            outcome.CompletionTokens = usage.Details.OutputTokenCount ?? outcome.CompletionTokens;
        }

        return text;
    }

    private static string NewId(GenerationRequest request) =>
        (request.Kind == EndpointKind.Chat ? "chatcmpl-" : "cmpl-") + Guid.NewGuid().ToString("N");

    /// <summary>
    /// Reads the whole body, at most <paramref name="limit"/> bytes. An upload Kestrel refuses (malformed chunked
    /// encoding: 400; slower than its minimum data rate: 408; over its size limit: 413) or one the client aborts
    /// becomes an <see cref="ApiException"/> (400 for an abort) logged as one line: bad input, not a server fault.
    /// </summary>
    private async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext context, long limit)
    {
        try
        {
            return await ReadAllAsync(context.Request, limit, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            logger.LogInformation("Request body from {Remote} refused ({Status}): {Message}", context.Connection.RemoteIpAddress, ex.StatusCode, ex.Message);
            var code = ex.StatusCode switch
            {
                StatusCodes.Status408RequestTimeout => "request_timeout",
                StatusCodes.Status413PayloadTooLarge => "request_too_large",
                _ => "invalid_body",
            };
            throw new ApiException(ex.StatusCode, "invalid_request_error", code, null, $"The request body could not be read: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException || (ex is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            logger.LogInformation("Request body from {Remote} aborted: {Message}", context.Connection.RemoteIpAddress, ex.Message);
            throw new ApiException(StatusCodes.Status400BadRequest, "invalid_request_error", "request_aborted", null, "The request body ended before it was complete.");
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadAllAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var read = await request.Body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                throw TooLarge(limit);
            }
        }
    }

    private static ApiException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, "invalid_request_error", "request_too_large", null, $"The request body is larger than this gateway's limit of {limit} bytes.");

    private static string? ForwardedBy(HttpContext context) =>
        context.Request.Headers.TryGetValue(Cluster.PeerLink.ForwardedHeader, out var value) && value.Count > 0 && !string.IsNullOrEmpty(value[0]) ? value[0] : null;
}
