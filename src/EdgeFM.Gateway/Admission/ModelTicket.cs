namespace EdgeFM.Gateway.Admission;

/// <summary>A request's place in one model's queue; dispose it when the request ends.</summary>
public sealed class ModelTicket : IDisposable
{
    private readonly AdmissionController.ModelQueue _queue;
    private bool _holdsSlot;
    private int _disposed;

    internal ModelTicket(AdmissionController.ModelQueue queue) => _queue = queue;

    /// <summary>Waits for a generation slot on the model.</summary>
    public async Task WaitForSlotAsync(CancellationToken cancellationToken)
    {
        await _queue.Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        _holdsSlot = true;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_holdsSlot)
        {
            _queue.Slots.Release();
        }

        Interlocked.Decrement(ref _queue.Count);
    }
}
