namespace EdgeFM.Gateway.Placing;

/// <summary>Where a request ran.</summary>
public enum Placement
{
    /// <summary>On a model loaded in this gateway.</summary>
    Edge,

    /// <summary>On the cloud endpoint.</summary>
    Cloud,

    /// <summary>On a model loaded at another edge of the cluster (a peer).</summary>
    Peer,
}
