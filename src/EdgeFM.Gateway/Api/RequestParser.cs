using System.Text.Json;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Api;

/// <summary>
/// Parses and validates OpenAI chat and text completion bodies. Every problem becomes an <see cref="ApiException"/>
/// (400) naming the field; nothing in a hostile body can throw anything else. Fields the gateway does not implement
/// are refused unless they ask for nothing (see <see cref="UnsupportedFields"/>). A <c>top_p</c> below
/// <see cref="GreedyTopP"/> (0 included) means greedy decoding, which is what nucleus sampling keeps at such a P: only
/// the most likely token.
/// </summary>
public sealed partial class RequestParser(int maxPromptChars, int maxOutputTokens, EdgeFM.Edge.Location.ILocationContextProvider? locations = null)
{
    /// <summary><c>top_p</c> values below this (0 included) are taken as greedy decoding: temperature 0, no top_p.</summary>
    public const double GreedyTopP = 1e-3;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32, AllowTrailingCommas = false };

    /// <summary>Parses <paramref name="body"/> for <paramref name="kind"/>; <paramref name="locationHeader"/> is the <c>x-edgefm-location</c> header's value, or null.</summary>
    public GenerationRequest Parse(EndpointKind kind, ReadOnlyMemory<byte> body, string? locationHeader = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest($"The request body is not valid JSON: {ex.Message}", code: "invalid_json");
        }

        using (document)
        {
            try
            {
                return ParseDocument(kind, document.RootElement, locationHeader);
            }
            catch (InvalidOperationException ex)
            {
                // System.Text.Json refuses strings it cannot decode (e.g. a lone UTF-16 surrogate escape).
                throw ApiException.BadRequest($"The request body holds text that cannot be decoded: {ex.Message}", code: "invalid_json");
            }
        }
    }

    private GenerationRequest ParseDocument(EndpointKind kind, JsonElement root, string? locationHeader)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest("The request body must be a JSON object.", code: "invalid_json");
        }

        var model = RequiredString(root, "model");
        var adapter = AdapterName(root);
        var messages = kind == EndpointKind.Chat ? ParseMessages(root) : [new ChatMessage(ChatRole.User, ParsePrompt(root))];
        var promptChars = messages.Sum(m => m.Text.Length);
        if (promptChars > maxPromptChars)
        {
            throw ApiException.BadRequest($"The prompt has {promptChars} characters; this gateway accepts at most {maxPromptChars}.", kind == EndpointKind.Chat ? "messages" : "prompt", "context_length_exceeded");
        }

        RejectUnsupported(root);
        var maxTokens = OptionalInt(root, "max_completion_tokens", 1, maxOutputTokens) ?? OptionalInt(root, "max_tokens", 1, maxOutputTokens) ?? maxOutputTokens;
        var temperature = OptionalNumber(root, "temperature", 0, 2);
        var topP = OptionalNumber(root, "top_p", 0, 1);
        if (topP < GreedyTopP)
        {
            // A nucleus this small holds only the most likely token; the sampler refuses P = 0 (and a float rounds
            // 1e-300 to 0), so say greedy directly.
            (temperature, topP) = (0, null);
        }

        var options = new ChatOptions
        {
            ModelId = model,
            MaxOutputTokens = maxTokens,
            Temperature = (float?)temperature,
            TopP = (float?)topP,
            FrequencyPenalty = (float?)OptionalNumber(root, "frequency_penalty", -2, 2),
            Seed = OptionalLong(root, "seed"),
            StopSequences = ParseStop(root),
        };
        var stream = OptionalBool(root, "stream") ?? false;
        var includeUsage = false;
        if (root.TryGetProperty("stream_options", out var streamOptions) && streamOptions.ValueKind != JsonValueKind.Null)
        {
            if (streamOptions.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.BadRequest("'stream_options' must be an object like {\"include_usage\": true}.", "stream_options");
            }

            includeUsage = OptionalBool(streamOptions, "include_usage", "stream_options.include_usage") ?? false;
        }

        var user = root.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        var (edge, answeredBy) = ParseEdge(root, model, locationHeader, user);
        if (adapter is not null)
        {
            // A NetGPT request's adapter is the edge model's, which completes the prompt; the answer goes to the model
            // named (which may itself be "base:adapter"). A plain request's adapter applies to the model it names.
            (edge, answeredBy) = edge.Personalize ? (edge with { Adapter = adapter }, answeredBy) : (edge, $"{answeredBy}{Catalog.AdapterEntry.Separator}{adapter}");
        }

        options.ModelId = answeredBy;
        return new GenerationRequest(kind, answeredBy, messages, options, stream, includeUsage, promptChars, user) { Edge = edge };
    }

    private static List<ChatMessage> ParseMessages(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            throw ApiException.BadRequest("'messages' must be a non-empty array of {\"role\", \"content\"} objects.", "messages");
        }

        var messages = new List<ChatMessage>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var where = $"messages[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.BadRequest($"'{where}' must be an object with 'role' and 'content'.", where);
            }

            var role = RequiredString(item, "role", where + ".role") switch
            {
                "system" or "developer" => ChatRole.System,
                "user" => ChatRole.User,
                "assistant" => ChatRole.Assistant,
                "tool" => ChatRole.Tool,
                var other => throw ApiException.BadRequest($"'{where}.role' is '{other}'; expected system, developer, user, assistant or tool.", where + ".role"),
            };
            messages.Add(new ChatMessage(role, ParseContent(item, where + ".content")));
        }

        return messages;
    }

    private static string ParseContent(JsonElement message, string where)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return string.Empty;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.BadRequest($"'{where}' must be a string or an array of text parts.", where);
        }

        var text = new System.Text.StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                throw ApiException.BadRequest($"'{where}' parts must be objects like {{\"type\": \"text\", \"text\": \"...\"}}.", where);
            }

            if (!type.ValueEquals("text"))
            {
                throw ApiException.BadRequest($"'{where}' has a '{type.GetString()}' part; only text parts are supported.", where, "unsupported_content");
            }

            text.Append(RequiredString(part, "text", where + ".text"));
        }

        return text.ToString();
    }

    private static string ParsePrompt(JsonElement root)
    {
        if (!root.TryGetProperty("prompt", out var prompt))
        {
            throw ApiException.BadRequest("'prompt' is required: a string, or an array holding one string.", "prompt");
        }

        if (prompt.ValueKind == JsonValueKind.String)
        {
            return prompt.GetString()!;
        }

        if (prompt.ValueKind == JsonValueKind.Array && prompt.GetArrayLength() == 1 && prompt[0].ValueKind == JsonValueKind.String)
        {
            return prompt[0].GetString()!;
        }

        throw ApiException.BadRequest("'prompt' must be a string, or an array holding exactly one string (batched prompts are not supported).", "prompt");
    }

    private static List<string>? ParseStop(JsonElement root)
    {
        if (!root.TryGetProperty("stop", out var stop) || stop.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return stop.GetString() is { Length: > 0 } text
                ? [text]
                : throw ApiException.BadRequest("'stop' is an empty string, which would stop before the first character; give a non-empty string or leave 'stop' out.", "stop");
        }

        if (stop.ValueKind == JsonValueKind.Array && stop.GetArrayLength() <= 4 && stop.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String && s.GetString()!.Length > 0))
        {
            return [.. stop.EnumerateArray().Select(s => s.GetString()!)];
        }

        throw ApiException.BadRequest("'stop' must be a string or an array of up to 4 non-empty strings.", "stop");
    }

    private static string RequiredString(JsonElement obj, string name, string? param = null)
    {
        param ??= name;
        return obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw ApiException.BadRequest($"'{param}' is required and must be a non-empty string.", param);
    }

    private static bool? OptionalBool(JsonElement obj, string name, string? param = null)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw ApiException.BadRequest($"'{param ?? name}' must be true or false.", param ?? name),
        };
    }

    private static double? OptionalNumber(JsonElement obj, string name, double minimum, double maximum)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number >= minimum && number <= maximum
            ? number
            : throw ApiException.BadRequest($"'{name}' must be a number from {minimum} to {maximum}.", name);
    }

    private static int? OptionalInt(JsonElement obj, string name, int minimum, int maximum)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= minimum && number <= maximum
            ? number
            : throw ApiException.BadRequest($"'{name}' must be a whole number from {minimum} to {maximum}.", name);
    }

    private static long? OptionalLong(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw ApiException.BadRequest($"'{name}' must be a whole number.", name);
    }
}
