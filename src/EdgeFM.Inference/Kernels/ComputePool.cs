namespace EdgeFM.Inference.Kernels;

/// <summary>
/// The worker threads a model's kernels run on. One pool per loaded model (or the shared one) bounds the cores a
/// generation uses; <c>edgefm generate --threads N</c> creates a pool of N.
/// </summary>
public sealed class ComputePool : IDisposable
{
    private static readonly Lazy<ComputePool> SharedLazy = new(() => new ComputePool(Environment.ProcessorCount));
    private readonly ParallelOptions _options;

    /// <summary>Creates a pool of <paramref name="threads"/> workers (the calling thread counts as one).</summary>
    public ComputePool(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
        _options = new ParallelOptions { MaxDegreeOfParallelism = threads };
    }

    /// <summary>A pool with one worker per processor.</summary>
    public static ComputePool Shared => SharedLazy.Value;

    /// <summary>Number of threads work is split across.</summary>
    public int Threads { get; }

    /// <summary>Runs <paramref name="body"/>(chunk) for chunk in [0, chunks) across the pool's threads and waits.</summary>
    public void For(int chunks, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (chunks <= 0)
        {
            return;
        }

        if (Threads == 1 || chunks == 1)
        {
            for (var i = 0; i < chunks; i++)
            {
                body(i);
            }

            return;
        }

        Parallel.For(0, chunks, _options, body);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Parallel.For uses the process thread pool; nothing to release in this implementation.
    }
}
