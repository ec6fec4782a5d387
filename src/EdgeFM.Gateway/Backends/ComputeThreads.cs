namespace EdgeFM.Gateway.Backends;

/// <summary>How many compute threads each loaded model gets.</summary>
public static class ComputeThreads
{
    /// <summary>
    /// The configured count when above 0; otherwise (auto) the processors shared among the generations that may run
    /// at once: ⌊processors / (parallel generations per model × models that may be loaded at once)⌋, at least 1.
    /// Each generation's kernels spin their own workers, so more threads than cores across concurrently generating
    /// models makes them all slower.
    /// </summary>
    /// <param name="configured">The <c>--threads</c> setting (0: auto).</param>
    /// <param name="parallelPerModel">Generations one model runs at once (≥ 1).</param>
    /// <param name="concurrentModels">Models that may generate at once (≥ 1): the models in the directory, at most the gateway's queue.</param>
    /// <param name="processors">Processors available to the process.</param>
    public static int Resolve(int configured, int parallelPerModel, int concurrentModels, int processors)
    {
        if (configured > 0)
        {
            return configured;
        }

        var generations = (long)Math.Max(1, parallelPerModel) * Math.Max(1, concurrentModels);
        return (int)Math.Max(1, Math.Max(1, processors) / generations);
    }
}
