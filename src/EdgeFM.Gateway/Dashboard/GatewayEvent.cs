namespace EdgeFM.Gateway.Dashboard;

/// <summary>One entry of the <see cref="GatewayEventLog"/>.</summary>
/// <param name="Sequence">1 for the first event since start-up, then one more per event.</param>
/// <param name="Time">When it happened, on the gateway's clock.</param>
/// <param name="Kind">What happened: one of <see cref="GatewayEventKinds"/>.</param>
/// <param name="Model">The model (or adapter) it happened to.</param>
/// <param name="Bytes">Bytes reserved (load), held (loaded) or freed (evicted, unloaded); 0 when none.</param>
/// <param name="Reason">Why, in a few words: the policy's reason for an eviction, the failure of a load.</param>
public sealed record GatewayEvent(long Sequence, DateTimeOffset Time, string Kind, string Model, long Bytes, string Reason);
