namespace EdgeFM.Inference.Kernels;

/// <summary>
/// A unit of parallel work run by <see cref="ComputePool.Run{TJob}(ref TJob, int)"/> without allocation: a struct
/// whose <see cref="Execute"/> is called once for every chunk index, from any of the pool's threads.
/// </summary>
public interface IComputeJob
{
    /// <summary>Does the work of chunk <paramref name="chunk"/>; chunks must be independent of each other.</summary>
    void Execute(int chunk);
}
