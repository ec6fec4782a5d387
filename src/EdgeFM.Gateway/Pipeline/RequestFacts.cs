using EdgeFM.Gateway.Api;
using Microsoft.Extensions.AI;

namespace EdgeFM.Gateway.Pipeline;

/// <summary>
/// Carries a request's facts to the serving pipeline in <see cref="ChatOptions.AdditionalProperties"/> under
/// <see cref="Key"/>, so that middleware built once per backend can act per request. The innermost layer
/// (<see cref="FactsStrippingChatClient"/>) removes them, so they never reach a backend or leave the gateway.
/// </summary>
public static class RequestFacts
{
    /// <summary>The key in <see cref="ChatOptions.AdditionalProperties"/>.</summary>
    public const string Key = "edgefm.request";

    /// <summary>A copy of <paramref name="options"/> carrying <paramref name="request"/>.</summary>
    public static ChatOptions Attach(ChatOptions options, GenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Clone();
        copy.AdditionalProperties = options.AdditionalProperties is { } existing ? new AdditionalPropertiesDictionary(existing) : [];
        copy.AdditionalProperties[Key] = request;
        return copy;
    }

    /// <summary>The request <paramref name="options"/> carries, or null.</summary>
    public static GenerationRequest? Of(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(Key, out var value) == true ? value as GenerationRequest : null;
}
