using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching;

/// <summary>Helpers for policies: how much room a model needs and which cached models to evict for it.</summary>
public static class EvictionPlanner
{
    /// <summary>Bytes that must be freed before <paramref name="model"/> fits (≤ 0: it fits already).</summary>
    public static long BytesToFree(ICacheView cache, ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(model);
        return model.MemoryBytes - (cache.CapacityBytes - cache.BytesInUse);
    }

    /// <summary>
    /// Chooses unpinned cached models in ascending order of <paramref name="scores"/> (ties: lower index first) until
    /// at least <paramref name="bytesToFree"/> bytes are freed, and adds them to <paramref name="victims"/> in that order.
    /// Returns false, adding nothing, when the unpinned models cannot free enough. Allocates nothing.
    /// </summary>
    /// <param name="cache">The server's cache.</param>
    /// <param name="bytesToFree">Bytes needed (≤ 0 selects nothing and succeeds).</param>
    /// <param name="scores">One score per cached model, indexed like the cache.</param>
    /// <param name="victims">Receives the chosen ids.</param>
    /// <param name="victimScoreSum">The sum of the chosen models' scores.</param>
    public static bool TrySelectLowest(ICacheView cache, long bytesToFree, ReadOnlySpan<double> scores, ICollection<ModelId> victims, out double victimScoreSum)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(victims);
        victimScoreSum = 0;
        if (bytesToFree <= 0)
        {
            return true;
        }

        var count = cache.Count;
        if (scores.Length < count)
        {
            throw new ArgumentException($"Expected {count} scores, one per cached model, but got {scores.Length}.", nameof(scores));
        }

        Span<bool> chosen = count <= 256 ? stackalloc bool[count] : new bool[count];
        chosen.Clear();
        Span<int> order = count <= 256 ? stackalloc int[count] : new int[count];
        long freed = 0;
        var chosenCount = 0;
        while (freed < bytesToFree)
        {
            var best = -1;
            for (var i = 0; i < count; i++)
            {
                if (!chosen[i] && (best < 0 || scores[i] < scores[best]) && !cache[i].IsPinned)
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                victimScoreSum = 0;
                return false;
            }

            chosen[best] = true;
            order[chosenCount++] = best;
            freed += cache[best].Bytes;
            victimScoreSum += scores[best];
        }

        for (var i = 0; i < chosenCount; i++)
        {
            victims.Add(cache[order[i]].Id);
        }

        return true;
    }
}
