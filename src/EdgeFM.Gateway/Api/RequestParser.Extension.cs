using System.Text.Json;

namespace EdgeFM.Gateway.Api;

public sealed partial class RequestParser
{
    /// <summary>
    /// The adapter a request names in the EdgeFM extension, <c>"edgefm": {"adapter": "pirate"}</c>, or null. On a plain
    /// request, model <c>stories260K</c> with it asks for <c>stories260K:pirate</c>, the LoRA adapter <c>pirate</c> over
    /// that base model, exactly as if the model were named so; on a NetGPT request it names an adapter of the NetGPT
    /// edge model, which then completes the prompt (see <see cref="ParseDocument"/>). Other members of <c>edgefm</c>
    /// are left to other features.
    /// </summary>
    private static string? AdapterName(JsonElement root)
    {
        if (!root.TryGetProperty("edgefm", out var extension) || extension.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (extension.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest("'edgefm' must be an object like {\"adapter\": \"name\"}.", "edgefm");
        }

        if (!extension.TryGetProperty("adapter", out var adapter) || adapter.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return adapter.ValueKind == JsonValueKind.String && adapter.GetString() is { Length: > 0 } name && !name.Contains(':', StringComparison.Ordinal)
            ? name
            : throw ApiException.BadRequest("'edgefm.adapter' must be a non-empty adapter name without ':' (GET /v1/models lists each adapter as '<base>:<name>'; name the base in 'model' and the adapter here, or use model '<base>:<name>' alone).", "edgefm.adapter");
    }
}
