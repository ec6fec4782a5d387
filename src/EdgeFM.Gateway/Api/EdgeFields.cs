using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Location;

namespace EdgeFM.Gateway.Api;

/// <summary>
/// The EdgeFM extension fields of a request: the body's <c>edgefm</c> object (<c>location</c>, <c>site</c>,
/// <c>personalize</c>, <c>user</c>, <c>share</c>) and the <c>x-edgefm-location</c> header. None of it ever leaves the edge.
/// </summary>
/// <param name="Location">The point and/or site, or null when the request gives none.</param>
/// <param name="Personalize">True for a NetGPT two-stage request (<c>edgefm.personalize</c> or a <c>netgpt/</c> model name).</param>
/// <param name="User">Whose demonstrations serve the request and whom its own demonstration belongs to: <c>edgefm.user</c>, else the OpenAI <c>user</c> field, else anonymous.</param>
/// <param name="Share">True when the request's demonstration may serve other users (<c>edgefm.share</c>).</param>
public sealed record EdgeFields(LocationQuery? Location, bool Personalize, UserId User, bool Share)
{
    /// <summary>
    /// On a NetGPT request, the <c>edgefm.adapter</c> name: the completion stage runs on the NetGPT edge model's LoRA
    /// adapter of that name (<c>&lt;edge model's base&gt;:&lt;name&gt;</c>); null runs it on the NetGPT edge model itself.
    /// </summary>
    public string? Adapter { get; init; }

    /// <summary>No extension: anonymous, no location, plain serving, private.</summary>
    public static EdgeFields None { get; } = new(null, false, UserId.Anonymous, false);
}
