using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using EdgeFM.Core.Context;

namespace EdgeFM.Core.Caching;

public sealed partial class SimulatedCache
{
    /// <summary>
    /// Asks the processor to start loading what serving a request for the model with catalog ordinal
    /// <paramref name="ordinal"/> will read (its stores and their examples), so a caller that knows the next request
    /// early can overlap those memory loads with other work. A hint only: no observable state changes, and it does
    /// nothing where the processor has no prefetch instruction.
    /// </summary>
    /// <remarks>
    /// A simulated server's state is a few tens of KiB and a scaled scenario has hundreds of servers, so each request
    /// finds its server's data in L3 or DRAM; without prefetching, those misses are the largest cost of a request.
    /// </remarks>
    public unsafe void Prefetch(int ordinal)
    {
        if (!Sse.IsSupported || (uint)ordinal >= (uint)_catalog.Count)
        {
            return;
        }

        PrefetchObject(_contexts[ordinal]);
        PrefetchObject(_demand[ordinal]);
        Sse.Prefetch0(Unsafe.AsPointer(ref _positionOfOrdinal[ordinal]));
        Sse.Prefetch0(Unsafe.AsPointer(ref _requestCounts[ordinal]));
        var first = (byte*)Unsafe.AsPointer(ref _slots[_slotOffsets[ordinal]]);
        var end = first + ((_slotOffsets[ordinal + 1] - _slotOffsets[ordinal]) * sizeof(Demonstration));
        for (var line = first; line < end; line += 64)
        {
            Sse.Prefetch0(line);
        }
    }

    // The address of an object's first field (its header and method table pointer sit just before). The object may
    // move before the prefetch runs; a prefetch of a stale address is harmless, as prefetches never fault.
    private static unsafe void PrefetchObject(object value)
    {
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.As<StrongBox<byte>>(value).Value));
    }
}
