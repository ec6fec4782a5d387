using System.Text.Json;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Location;

namespace EdgeFM.Gateway.Api;

public sealed partial class RequestParser
{
    /// <summary>A model name <c>netgpt/&lt;cloud-model&gt;</c> asks for the NetGPT two-stage plan answered by <c>&lt;cloud-model&gt;</c>.</summary>
    public const string NetGptPrefix = "netgpt/";

    /// <summary>The keys of the body's <c>edgefm</c> object; any other key is refused, as unimplemented OpenAI fields are.</summary>
    private static readonly string[] EdgeKeys = ["location", "site", "personalize", "user", "share", "adapter"];

    /// <summary>
    /// Reads the <c>edgefm</c> object and the location header. An invalid location is a 400 naming the field
    /// (<c>edgefm.location.lat</c>, <c>edgefm.location.lon</c>, <c>edgefm.site</c>, <c>x-edgefm-location</c>); a site the
    /// location provider does not know is a 400 naming <c>edgefm.site</c>. Returns the fields and the model the request
    /// is answered by (without a <c>netgpt/</c> prefix).
    /// </summary>
    private (EdgeFields Fields, string Model) ParseEdge(JsonElement root, string model, string? locationHeader, string? openAiUser)
    {
        JsonElement? edgefm = root.TryGetProperty("edgefm", out var element) ? element : null;
        if (edgefm is { ValueKind: JsonValueKind.Object } body)
        {
            foreach (var property in body.EnumerateObject())
            {
                if (Array.IndexOf(EdgeKeys, property.Name) < 0)
                {
                    throw ApiException.BadRequest(
                        $"'edgefm.{property.Name}' is not an EdgeFM request field; the edgefm object takes {string.Join(", ", EdgeKeys)}.",
                        "edgefm." + property.Name,
                        "unsupported_parameter");
                }
            }
        }

        if (!LocationRequestReader.TryRead(edgefm, locationHeader, out var location, out var error))
        {
            throw ApiException.BadRequest(error!, FieldOf(error!));
        }

        if (location is not null && locations is not null)
        {
            try
            {
                // Resolving checks the site now, so an unknown one is the client's 400 whichever stage would use it.
                _ = locations.Resolve(location);
            }
            catch (UnknownSiteException ex)
            {
                throw ApiException.BadRequest(ex.Message, "edgefm.site");
            }
        }

        var personalize = false;
        string? user = null;
        var share = false;
        if (edgefm is { ValueKind: JsonValueKind.Object } fields)
        {
            personalize = OptionalBool(fields, "personalize", "edgefm.personalize") ?? false;
            share = OptionalBool(fields, "share", "edgefm.share") ?? false;
            if (fields.TryGetProperty("user", out var u) && u.ValueKind != JsonValueKind.Null)
            {
                user = u.ValueKind == JsonValueKind.String && u.GetString() is { Length: > 0 } text
                    ? text
                    : throw ApiException.BadRequest("'edgefm.user' must be a non-empty string.", "edgefm.user");
            }
        }

        if (model.StartsWith(NetGptPrefix, StringComparison.OrdinalIgnoreCase))
        {
            personalize = true;
            model = model[NetGptPrefix.Length..];
            if (model.Length == 0)
            {
                throw ApiException.BadRequest("'model' is 'netgpt/' without a model; name the model that answers, e.g. netgpt/gpt-4o-mini.", "model");
            }
        }

        var id = user ?? (string.IsNullOrEmpty(openAiUser) ? null : openAiUser);
        return (new EdgeFields(location, personalize, id is null ? UserId.Anonymous : new UserId(id), share), model);
    }

    /// <summary>The field a location error names: its first word (the reader's messages start with the field).</summary>
    private static string FieldOf(string error)
    {
        var end = error.IndexOfAny([' ', ':', ';', ',']);
        var field = end < 0 ? error : error[..end];
        return field.StartsWith("edgefm", StringComparison.Ordinal) || field.StartsWith(LocationRequestReader.HeaderName, StringComparison.Ordinal) ? field : "edgefm";
    }
}
