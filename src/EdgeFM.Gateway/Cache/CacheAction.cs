namespace EdgeFM.Gateway.Cache;

/// <summary>What the cache policy advises for a request.</summary>
public enum CacheAction
{
    /// <summary>The model is loaded: serve at the edge.</summary>
    Serve,

    /// <summary>Load the model now (evicting the advised victims) and serve at the edge.</summary>
    Load,

    /// <summary>Do not load: send the request to the cloud.</summary>
    Cloud,
}
