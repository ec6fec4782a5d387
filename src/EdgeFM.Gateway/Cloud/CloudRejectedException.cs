using System.ClientModel;
using System.Text.Json;

namespace EdgeFM.Gateway.Cloud;

/// <summary>
/// The cloud refused the request with a 4xx other than 408 and 429 (unknown model, bad parameter, prompt too long):
/// retrying cannot help and the cloud is healthy, so it is neither retried nor counted against the circuit breaker.
/// The gateway passes the upstream status and its OpenAI error (message, type, param, code) through as they are,
/// except 401 and 403, which concern the gateway's own cloud key and become 502 <c>cloud_auth_failed</c>.
/// </summary>
public sealed class CloudRejectedException : CloudLinkException
{
    private const int MaxBodyChars = 4096;

    public CloudRejectedException(int upstreamStatus, string message, string type, string? param, string? code, string? body, Exception? innerException = null)
        : base(message, innerException)
    {
        UpstreamStatus = upstreamStatus;
        Type = type;
        Param = param;
        Code = code;
        Body = body;
    }

    /// <summary>The status the cloud answered with.</summary>
    public int UpstreamStatus { get; }

    /// <summary>The cloud's error body as received (at most 4096 characters), or null when it sent none.</summary>
    public string? Body { get; }

    /// <inheritdoc />
    public override int StatusCode => UpstreamStatus is 401 or 403 ? 502 : UpstreamStatus;

    /// <inheritdoc />
    public override string Type { get; }

    /// <inheritdoc />
    public override string? Param { get; }

    /// <inheritdoc />
    public override string? Code { get; }

    /// <summary>True for a status the cloud may answer differently on a retry (408, 429, 5xx) or no status at all.</summary>
    public static bool IsRetryable(int status) => status is 0 or 408 or 429 or >= 500;

    /// <summary>Reads the status and the OpenAI error object of a refused call.</summary>
    public static CloudRejectedException From(ClientResultException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var status = exception.Status;
        var body = ReadBody(exception);
        string? message = null, type = null, param = null, code = null;
        try
        {
            using var document = body is null ? null : JsonDocument.Parse(body);
            if (document?.RootElement is { ValueKind: JsonValueKind.Object } root
                && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                message = Text(error, "message");
                type = Text(error, "type");
                param = Text(error, "param");
                code = Text(error, "code");
            }
        }
        catch (JsonException)
        {
            // Not OpenAI's error shape (a proxy's HTML page): the message below quotes the body instead.
        }

        if (status is 401 or 403)
        {
            return new CloudRejectedException(
                status, $"The cloud refused this gateway's credentials ({status}: {message ?? "no message"}); check --cloud-api-key.", "server_error", null, "cloud_auth_failed", body, exception);
        }

        message ??= $"The cloud refused the request with {status}: {(body is null ? "no body" : body[..Math.Min(body.Length, 200)])}";
        return new CloudRejectedException(status, message, type ?? "invalid_request_error", param, code, body, exception);
    }

    private static string? ReadBody(ClientResultException exception)
    {
        try
        {
            var text = exception.GetRawResponse()?.Content?.ToString();
            return string.IsNullOrEmpty(text) ? null : text[..Math.Min(text.Length, MaxBodyChars)];
        }
        catch (InvalidOperationException)
        {
            // The body was not buffered; the status alone still says what happened.
            return null;
        }
    }

    private static string? Text(JsonElement error, string name) =>
        error.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        }
        : null;
}
