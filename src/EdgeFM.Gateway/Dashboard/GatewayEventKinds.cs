namespace EdgeFM.Gateway.Dashboard;

/// <summary>The kinds of <see cref="GatewayEvent"/>, as they appear on the wire.</summary>
public static class GatewayEventKinds
{
    /// <summary>In a cluster, the cooperative policy orders a model loaded ahead of its forecast demand (a load follows).</summary>
    public const string Prefetch = "prefetch";

    /// <summary>A load began (its victims, if any, were evicted just before).</summary>
    public const string Load = "load";

    /// <summary>A load finished and the model serves.</summary>
    public const string Loaded = "loaded";

    /// <summary>A load failed (the reason says why) or gave its room back to be planned again.</summary>
    public const string LoadFailed = "load-failed";

    /// <summary>The cache unloaded a model: the policy made room, its file changed, or its base model went.</summary>
    public const string Evicted = "evicted";

    /// <summary>An operator unloaded a model (<c>POST /v1/edge/models/{id}/unload</c>).</summary>
    public const string Unloaded = "unloaded";
}
