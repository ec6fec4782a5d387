namespace EdgeFM.Gateway.Configuration;

/// <summary>What a gateway process is for.</summary>
public enum GatewayRole
{
    /// <summary>An edge server: caches models under a memory budget and offloads to the cloud.</summary>
    Edge,

    /// <summary>A cloud endpoint: serves every request locally, never offloads.</summary>
    Cloud,
}
