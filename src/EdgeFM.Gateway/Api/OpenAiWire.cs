using System.Text.Json;
using EdgeFM.Gateway.Cloud;
using EdgeFM.Gateway.Execution;
using EdgeFM.Gateway.Planning;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Api;

/// <summary>Writes OpenAI wire objects: errors, completions, streaming chunks, usage and the <c>edgefm</c> extension.</summary>
internal static partial class OpenAiWire
{
    /// <summary>Writes <paramref name="error"/> as <c>{"error":{...}}</c> with its status and <c>Retry-After</c>.</summary>
    public static async Task WriteErrorAsync(HttpContext context, ApiException error)
    {
        context.Response.StatusCode = error.StatusCode;
        context.Response.ContentType = "application/json";
        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        WriteError(writer, error);
        await writer.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The gateway's answer to a cloud fault: the cloud's own status and error for a refusal
    /// (<see cref="CloudRejectedException"/>), else 502 or 504 with the fault's code; never a <c>Retry-After</c>,
    /// since retrying the same request cannot help (a refusal) or is the client's call (a broken stream).
    /// </summary>
    public static ApiException CloudError(CloudLinkException fault) =>
        new(fault.StatusCode, fault.Type, fault.Code, fault.Param, fault.Message);

    public static void WriteError(Utf8JsonWriter writer, ApiException error)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", error.Message);
        writer.WriteString("type", error.Type);
        writer.WriteString("param", error.Param);
        writer.WriteString("code", error.Code);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Writes a whole chat completion or text completion object.</summary>
    public static void WriteCompletion(Utf8JsonWriter writer, GenerationRequest request, string id, long created, RunningGeneration run, GenerationOutcome outcome)
    {
        var chat = request.Kind == EndpointKind.Chat;
        WriteHeader(writer, id, chat ? "chat.completion" : "text_completion", created, request.Model);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        if (chat)
        {
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            writer.WriteString("content", outcome.Text.ToString());
            writer.WriteNull("refusal");
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteString("text", outcome.Text.ToString());
        }

        writer.WriteNull("logprobs");
        writer.WriteString("finish_reason", outcome.FinishReason);
        writer.WriteEndObject();
        writer.WriteEndArray();
        WriteUsage(writer, request, outcome);
        WriteExtension(writer, request, run);
        writer.WriteEndObject();
    }

    /// <summary>Writes one streaming chunk with a content delta (and, on the last one, the finish reason).</summary>
    public static void WriteChunk(Utf8JsonWriter writer, GenerationRequest request, string id, long created, RunningGeneration run, string? text, bool first, string? finishReason)
    {
        var chat = request.Kind == EndpointKind.Chat;
        WriteHeader(writer, id, chat ? "chat.completion.chunk" : "text_completion", created, request.Model);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        if (chat)
        {
            writer.WriteStartObject("delta");
            if (first)
            {
                writer.WriteString("role", "assistant");
            }

            if (text is not null)
            {
                writer.WriteString("content", text);
            }

            writer.WriteEndObject();
        }
        else
        {
            writer.WriteString("text", text ?? string.Empty);
        }

        writer.WriteNull("logprobs");
        writer.WriteString("finish_reason", finishReason);
        writer.WriteEndObject();
        writer.WriteEndArray();
        if (request.IncludeUsage)
        {
            writer.WriteNull("usage");
        }

        WriteExtension(writer, request, run);
        writer.WriteEndObject();
    }

    /// <summary>Writes the final usage chunk (<c>stream_options.include_usage</c>): empty choices and the usage.</summary>
    public static void WriteUsageChunk(Utf8JsonWriter writer, GenerationRequest request, string id, long created, RunningGeneration run, GenerationOutcome outcome)
    {
        WriteHeader(writer, id, request.Kind == EndpointKind.Chat ? "chat.completion.chunk" : "text_completion", created, request.Model);
        writer.WriteStartArray("choices");
        writer.WriteEndArray();
        WriteUsage(writer, request, outcome);
        WriteExtension(writer, request, run);
        writer.WriteEndObject();
    }

    /// <summary>Maps a finish reason to OpenAI's string; null (the model just stopped) is <c>stop</c>.</summary>
    public static string FinishReason(ChatFinishReason? reason) =>
        reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : "stop";

    /// <summary>Prompt tokens: the backend's count, else an estimate of 4 characters a token.</summary>
    public static long PromptTokens(GenerationRequest request, GenerationOutcome outcome) => outcome.PromptTokens ?? Math.Max(1, request.PromptChars / 4);

    /// <summary>Completion tokens: the backend's count, else the number of streamed text updates.</summary>
    public static long CompletionTokens(GenerationOutcome outcome) => outcome.CompletionTokens ?? outcome.TextUpdates;

    private static void WriteHeader(Utf8JsonWriter writer, string id, string type, long created, string model)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", type);
        writer.WriteNumber("created", created);
        writer.WriteString("model", model);
        writer.WriteNull("system_fingerprint");
    }

    private static void WriteUsage(Utf8JsonWriter writer, GenerationRequest request, GenerationOutcome outcome)
    {
        var prompt = PromptTokens(request, outcome);
        var completion = CompletionTokens(outcome);
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", prompt);
        writer.WriteNumber("completion_tokens", completion);
        writer.WriteNumber("total_tokens", prompt + completion);
        writer.WriteEndObject();
    }

    private static void WriteExtension(Utf8JsonWriter writer, GenerationRequest request, RunningGeneration run)
    {
        writer.WriteStartObject("edgefm");
        writer.WriteString("placement", run.PlacementName);
        writer.WriteBoolean("fallback", run.Fallback);
        writer.WriteString("cache", run.Cache);
        writer.WriteString("reason", run.Reason);
        writer.WriteString("policy", run.Plan.Policy);
        writer.WriteStartArray("plan");
        foreach (var stage in run.Plan.Stages)
        {
            writer.WriteStartObject();
            writer.WriteString("role", stage.Role == StageRole.Answer ? "answer" : stage.Role == StageRole.Complete ? "complete" : stage.Role.ToString().ToLowerInvariant());
            WriteDestination(writer, stage.Primary);
            if (stage.Fallback is { } fallback)
            {
                writer.WriteStartObject("fallback");
                WriteDestination(writer, fallback);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteEdgeNotes(writer, request.Notes);
        writer.WriteEndObject();
    }

    private static void WriteDestination(Utf8JsonWriter writer, Destination destination)
    {
        writer.WriteString("destination", destination.KindName);
        writer.WriteString("model", destination.Model);
        if (destination.Load)
        {
            writer.WriteBoolean("load", value: true);
            writer.WriteStartArray("evict");
            foreach (var victim in destination.Evictions)
            {
                writer.WriteStringValue(victim.Value);
            }

            writer.WriteEndArray();
        }

        if (destination.Adapter is { } adapter)
        {
            writer.WriteStartObject("adapter");
            writer.WriteString("id", adapter.Id);
            writer.WriteBoolean("load", adapter.Load);
            writer.WriteStartArray("evict");
            foreach (var victim in adapter.Evictions)
            {
                writer.WriteStringValue(victim.Value);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }
}
