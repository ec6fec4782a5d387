namespace EdgeFM.Inference.Tests;

/// <summary>Measures what a piece of code allocates on the calling thread, robust to other tests' garbage collections.</summary>
internal static class AllocationProbe
{
    private const int Windows = 5;

    /// <summary>
    /// Bytes this thread allocates while running <paramref name="action"/>, from a run that no garbage collection
    /// interrupted. A collection (here usually started by another test running in parallel) retires the thread's
    /// allocation context, and <see cref="GC.GetAllocatedBytesForCurrentThread"/> can then move by a few hundred
    /// bytes with nothing allocated; such runs are repeated, up to five in all. If every run was interrupted, the
    /// smallest count is returned. <paramref name="action"/> must be repeatable.
    /// </summary>
    public static long AllocatedBytes(Action action)
    {
        var smallest = long.MaxValue;
        for (var window = 0; window < Windows; window++)
        {
            var collections = GC.CollectionCount(0);
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (GC.CollectionCount(0) == collections)
            {
                return allocated;
            }

            smallest = Math.Min(smallest, allocated);
        }

        return smallest;
    }
}
