namespace EdgeFM.Gateway.Cache;

/// <summary>
/// Hears what the live cache does to its entries, for an operator's event log. <see cref="LoadStarted"/> and
/// <see cref="Evicted"/> are called under the cache's lock: an implementation must be quick and must never call the
/// cache back.
/// </summary>
public interface ICacheEventSink
{
    /// <summary>A load of <paramref name="model"/> began, reserving <paramref name="bytes"/> (after its victims were evicted).</summary>
    void LoadStarted(string model, long bytes);

    /// <summary>A load ended: loaded with <paramref name="bytes"/> after <paramref name="seconds"/>, or failed for <paramref name="failure"/>.</summary>
    void LoadFinished(string model, long bytes, double seconds, string? failure);

    /// <summary>
    /// <paramref name="model"/> was unloaded, freeing <paramref name="bytes"/>, for <paramref name="reason"/>
    /// (<c>policy</c>, <c>operator</c>, <c>file changed</c>, <c>base model evicted</c>); with <c>policy</c>,
    /// <paramref name="forModel"/> is the model whose load needed the room.
    /// </summary>
    void Evicted(string model, long bytes, string reason, string? forModel);
}
