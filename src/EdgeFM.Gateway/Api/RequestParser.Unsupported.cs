using System.Text.Json;

namespace EdgeFM.Gateway.Api;

public sealed partial class RequestParser
{
    /// <summary>
    /// OpenAI request fields the gateway does not implement, with the values that ask for nothing (null, false, an
    /// empty list, the default). Any other value is refused with 400 naming the field: the gateway never pretends to
    /// honour a field it ignores. Fields not listed here and not parsed are ignored (vendor extensions).
    /// </summary>
    private static readonly UnsupportedField[] Unsupported =
    [
        new("n", "1 or null (one choice per request)", v => IsNull(v) || IsNumber(v, 1)),
        new("logprobs", "false or null", IsNullOrFalse),
        new("top_logprobs", "0 or null", v => IsNull(v) || IsNumber(v, 0)),
        new("tools", "null or []", IsNullOrEmptyArray),
        new("tool_choice", "\"none\", \"auto\" or null (no tools)", v => IsNull(v) || IsString(v, "none") || IsString(v, "auto")),
        new("functions", "null or []", IsNullOrEmptyArray),
        new("function_call", "\"none\", \"auto\" or null (no functions)", v => IsNull(v) || IsString(v, "none") || IsString(v, "auto")),
        new("parallel_tool_calls", "true, false or null (no tools)", v => IsNull(v) || v.ValueKind is JsonValueKind.True or JsonValueKind.False),
        new("response_format", "null or {\"type\": \"text\"}", v => IsNull(v) || (v.ValueKind == JsonValueKind.Object && v.TryGetProperty("type", out var t) && IsString(t, "text"))),
        new("echo", "false or null", IsNullOrFalse),
        new("best_of", "1 or null", v => IsNull(v) || IsNumber(v, 1)),
        new("suffix", "\"\" or null", v => IsNull(v) || IsString(v, string.Empty)),
        new("logit_bias", "{} or null", v => IsNull(v) || (v.ValueKind == JsonValueKind.Object && !v.EnumerateObject().Any())),
        new("presence_penalty", "0 or null", v => IsNull(v) || IsNumber(v, 0)),
        new("modalities", "[\"text\"] or null", v => IsNull(v) || (v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(m => IsString(m, "text")))),
        new("audio", "null", IsNull),
        new("prediction", "null", IsNull),
        new("store", "false or null", IsNullOrFalse),
        new("web_search_options", "null", IsNull),
        new("reasoning_effort", "null", IsNull),
    ];

    /// <summary>The unsupported fields and the values accepted for each, for docs and tests.</summary>
    public static IReadOnlyList<(string Name, string Accepted)> UnsupportedFields { get; } = [.. Unsupported.Select(f => (f.Name, f.Accepted))];

    private static void RejectUnsupported(JsonElement root)
    {
        foreach (var field in Unsupported)
        {
            if (root.TryGetProperty(field.Name, out var value) && !field.IsDefault(value))
            {
                throw ApiException.BadRequest(
                    $"'{field.Name}' is not supported by this gateway; it accepts only {field.Accepted}. Remove the field, or send the request to a server that implements it.",
                    field.Name,
                    "unsupported_parameter");
            }
        }
    }

    private static bool IsNull(JsonElement value) => value.ValueKind == JsonValueKind.Null;

    private static bool IsNullOrFalse(JsonElement value) => value.ValueKind is JsonValueKind.Null or JsonValueKind.False;

    private static bool IsNullOrEmptyArray(JsonElement value) => IsNull(value) || (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0);

    private static bool IsString(JsonElement value, string text) => value.ValueKind == JsonValueKind.String && value.ValueEquals(text);

    private static bool IsNumber(JsonElement value, double number) => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && d.Equals(number);

    private sealed record UnsupportedField(string Name, string Accepted, Func<JsonElement, bool> IsDefault);
}
