using EdgeFM.Core.Context;

namespace EdgeFM.Gateway.Cache;

public sealed partial class ModelCache
{
    /// <summary>
    /// Records a request served by <paramref name="modelId"/> as a demonstration (now, on <paramref name="topic"/> in
    /// [0, 1), <paramref name="tokens"/> long) in its context store, and publishes the model's context value. A model
    /// that is no longer loaded has lost its context, so nothing is recorded.
    /// </summary>
    public void RecordDemonstration(string modelId, double topic, long tokens)
    {
        lock (_gate)
        {
            if (!_slots.TryGetValue(modelId, out var slot) || slot.State != ModelState.Loaded)
            {
                return;
            }

            var now = Now;
            slot.Context.Add(new Demonstration(now, topic, tokens));
            slot.LastTopic = topic;
            _metrics.ContextValue.Set(_ageOfContext.Value(slot.Context, now, topic), modelId);
        }
    }

    /// <summary>
    /// What placement needs to know about <paramref name="modelId"/> now: whether it is loaded or loading, its bytes
    /// (reserved, or the estimate when unloaded), and the Age-of-Context value of its demonstrations for a request now
    /// on <paramref name="topic"/> (0 when not loaded).
    /// </summary>
    public (bool Cached, long Bytes, double ContextValue) PlacementFacts(string modelId, double topic)
    {
        lock (_gate)
        {
            if (!_slots.TryGetValue(modelId, out var slot))
            {
                return (false, 0, 0);
            }

            var cached = slot.State != ModelState.Unloaded;
            return (cached, cached ? slot.Bytes : BytesOf(slot), slot.State == ModelState.Loaded ? _ageOfContext.Value(slot.Context, Now, topic) : 0);
        }
    }

    /// <summary>The Age-of-Context value of a model's demonstrations for a request now on its most recent topic.</summary>
    private double ContextValueOf(Slot slot) => _ageOfContext.Value(slot.Context, Now, slot.LastTopic);
}
