using EdgeFM.Edge.Demonstrations;
using EdgeFM.Gateway.Api;
using EdgeFM.Gateway.Context;

namespace EdgeFM.Gateway.Planning;

/// <summary>What the planner needs to know of a request.</summary>
/// <param name="Model">The requested model id.</param>
/// <param name="Topic">Its topic in [0, 1), for Age of Context.</param>
/// <param name="PromptTokens">Estimated prompt tokens (4 characters a token).</param>
/// <param name="OutputTokens">Tokens it may generate (its <c>max_tokens</c>).</param>
/// <param name="PayloadBytes">Bytes of its input, for the user-to-edge offloading latency.</param>
/// <param name="User">Its <c>user</c> field, or null.</param>
public readonly record struct PlanRequest(string Model, double Topic, int PromptTokens, int OutputTokens, double PayloadBytes, string? User)
{
    /// <summary>
    /// True when a cluster may send the request to a peer edge: a chat request a client sent here. A request another
    /// edge forwarded is served here or in the cloud, never forwarded again; a text completion stays (peers are reached
    /// through their chat endpoint, whose prompt template differs); a NetGPT request stays too, because its completion
    /// stage needs this edge's demonstrations of the user.
    /// </summary>
    public bool MayForward { get; init; }

    /// <summary>True for a NetGPT request: a completion stage at the edge before the answer.</summary>
    public bool Personalize { get; init; }

    /// <summary>On a NetGPT request, the <c>edgefm.adapter</c> name of the NetGPT edge model's adapter that completes the prompt, or null.</summary>
    public string? EdgeAdapter { get; init; }

    /// <summary>Whose demonstrations, for which prompt, the context values are taken for; null is an anonymous, unspecific request.</summary>
    public DemonstrationRequest? Context { get; init; }

    /// <summary>The planner's view of <paramref name="request"/>.</summary>
    public static PlanRequest Of(GenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new PlanRequest(request.Model, request.Topic, request.PromptChars / 4, request.Options.MaxOutputTokens ?? 0, request.PromptChars, request.User)
        {
            Personalize = request.Edge.Personalize,
            EdgeAdapter = request.Edge.Adapter,
            Context = LiveDemonstrations.QueryOf(request),
            MayForward = request.ForwardedBy is null && request.Kind == EndpointKind.Chat && !request.Edge.Personalize,
        };
    }
}
