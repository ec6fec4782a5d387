using Microsoft.AspNetCore.Http;

namespace EdgeFM.Gateway.Api;

/// <summary>
/// A request the gateway refuses, answered in OpenAI's error shape
/// <c>{"error":{"message","type","param","code"}}</c> with <see cref="StatusCode"/>.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int statusCode, string type, string? code, string? param, string message, TimeSpan? retryAfter = null)
        : base(message)
    {
        StatusCode = statusCode;
        Type = type;
        Code = code;
        Param = param;
        RetryAfter = retryAfter;
    }

    /// <summary>HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>OpenAI error type, e.g. <c>invalid_request_error</c>.</summary>
    public string Type { get; }

    /// <summary>Machine-readable code, or null.</summary>
    public string? Code { get; }

    /// <summary>The request field at fault, or null.</summary>
    public string? Param { get; }

    /// <summary>Sent as <c>Retry-After</c> (whole seconds, rounded up) when set.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>400: a malformed body or a bad field.</summary>
    public static ApiException BadRequest(string message, string? param = null, string code = "invalid_request") =>
        new(StatusCodes.Status400BadRequest, "invalid_request_error", code, param, message);

    /// <summary>404: the model is unknown.</summary>
    public static ApiException ModelNotFound(string model) =>
        new(StatusCodes.Status404NotFound, "invalid_request_error", "model_not_found", "model", $"The model '{model}' does not exist; GET /v1/models lists the models this gateway serves.");

    /// <summary>404: a request field names something this gateway does not have (<paramref name="param"/> names the field).</summary>
    public static ApiException NotFound(string message, string param, string code = "model_not_found") =>
        new(StatusCodes.Status404NotFound, "invalid_request_error", code, param, message);

    /// <summary>429: a queue is full.</summary>
    public static ApiException QueueFull(string message, TimeSpan retryAfter) =>
        new(StatusCodes.Status429TooManyRequests, "rate_limit_error", "queue_full", null, message, retryAfter);

    /// <summary>503: neither the edge nor the cloud can serve.</summary>
    public static ApiException Unavailable(string message) =>
        new(StatusCodes.Status503ServiceUnavailable, "server_error", "service_unavailable", null, message, TimeSpan.FromSeconds(1));
}
