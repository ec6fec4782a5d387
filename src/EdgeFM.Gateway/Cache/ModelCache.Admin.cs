namespace EdgeFM.Gateway.Cache;

public sealed partial class ModelCache
{
    /// <summary>
    /// Loads <paramref name="modelId"/> now (evicting by the policy, or least recently used unpinned models when the
    /// policy would not load it) and returns its state. <see cref="CacheOutcome.NoRoom"/> or
    /// <see cref="CacheOutcome.TooLarge"/> when it cannot fit.
    /// </summary>
    public async Task<CacheOutcome> LoadAsync(string modelId, CancellationToken cancellationToken)
    {
        var acquisition = await AcquireAsync(modelId, mayOffload: false, topic: 0, size: 0, cancellationToken).ConfigureAwait(false);
        acquisition.Lease?.Dispose();
        return acquisition.Outcome;
    }

    /// <summary>
    /// Unloads <paramref name="modelId"/> if it is loaded, unpinned and idle. Returns null on success (or when it was
    /// not loaded), otherwise why it was refused.
    /// </summary>
    public string? Unload(string modelId)
    {
        lock (_gate)
        {
            var slot = SlotOf(modelId);
            switch (slot.State)
            {
                case ModelState.Unloaded:
                    return null;
                case ModelState.Loading:
                    return $"Model '{modelId}' is loading; unload it once the load finishes.";
                case ModelState.Loaded when slot.Pinned:
                    return $"Model '{modelId}' is pinned; unpin it first.";
                case ModelState.Loaded when slot.InFlight > 0:
                    return $"Model '{modelId}' is serving {slot.InFlight} request(s); retry when they finish.";
                default:
                    EvictLocked(slot);
                    _metrics.Unloads.Add(1, modelId);
                    PublishLocked();
                    return null;
            }
        }
    }

    /// <summary>
    /// Pins <paramref name="modelId"/> so it is never evicted, loading it first if needed. Returns the load outcome
    /// (<see cref="CacheOutcome.Leased"/> on success).
    /// </summary>
    public async Task<CacheOutcome> PinAsync(string modelId, CancellationToken cancellationToken)
    {
        var acquisition = await AcquireAsync(modelId, mayOffload: false, topic: 0, size: 0, cancellationToken).ConfigureAwait(false);
        if (acquisition.Lease is null)
        {
            return acquisition.Outcome;
        }

        lock (_gate)
        {
            SlotOf(modelId).Pinned = true;
        }

        acquisition.Lease.Dispose();
        return CacheOutcome.Leased;
    }

    /// <summary>Removes the operator pin of <paramref name="modelId"/> (requests in flight still hold it).</summary>
    public void Unpin(string modelId)
    {
        lock (_gate)
        {
            SlotOf(modelId).Pinned = false;
            SignalRoomLocked();
        }
    }

    private Slot SlotOf(string modelId) =>
        _slots.TryGetValue(modelId, out var slot) ? slot : throw new KeyNotFoundException($"Model '{modelId}' is not in {_catalog.Root}.");
}
