namespace EdgeFM.Gateway.Placing;

/// <summary>Where a request ran.</summary>
public enum Placement
{
    /// <summary>On a model loaded in this gateway.</summary>
    Edge,

    /// <summary>On the cloud endpoint.</summary>
    Cloud,
}
