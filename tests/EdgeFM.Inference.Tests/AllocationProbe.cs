namespace EdgeFM.Inference.Tests;

/// <summary>Measures what a piece of code allocates on the calling thread, robust to other tests' garbage collections.</summary>
internal static class AllocationProbe
{
    // Under a full parallel test run other tests collect often; a decode window takes milliseconds, so trying many
    // windows costs little and makes one free of collections all but certain.
    private const int Windows = 40;

    /// <summary>
    /// Bytes this thread allocates while running <paramref name="action"/>: the smallest count over up to forty runs,
    /// stopping at the first run that allocated nothing and that no garbage collection interrupted. Two things move
    /// <see cref="GC.GetAllocatedBytesForCurrentThread"/> with nothing allocated by the code under test: a collection
    /// (usually started by another test running in parallel) retires the thread's allocation context, and, under a
    /// full parallel test run, the runtime now and then allocates a few KiB on the thread itself. Neither repeats in
    /// every run, while an allocation by <paramref name="action"/> does, so the smallest count is the code's own.
    /// <paramref name="action"/> must be repeatable.
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
            if (allocated == 0 && GC.CollectionCount(0) == collections)
            {
                return 0;
            }

            smallest = Math.Min(smallest, allocated);
        }

        return smallest;
    }
}
