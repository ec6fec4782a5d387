using EdgeFM.Simulation.TimeSeries;

namespace EdgeFM.Simulation;

/// <summary>Sampling the run's state for a <see cref="RunTimeSeries"/> (only when one was asked for).</summary>
internal sealed partial class SimulationRun
{
    /// <summary>Takes every regular sample due before <paramref name="time"/> (a request's arrival); returns when the next one is due.</summary>
    private double SampleUntil(double time, Func<double, double> topicAt)
    {
        var recorder = _recorder!;
        while (recorder.NextTime < time)
        {
            var at = recorder.NextTime;
            Sample(at, topicAt(at));
        }

        return recorder.NextTime;
    }

    /// <summary>Takes every regular sample due before <paramref name="time"/>, valuing contexts on <paramref name="topic"/>.</summary>
    private double SampleUntil(double time, double topic) => SampleUntil(time, _ => topic);

    /// <summary>Records the run's counts, and each cached model's context valued for a request at <paramref name="time"/> on <paramref name="topic"/>.</summary>
    private void Sample(double time, double topic)
    {
        var recorder = _recorder!;
        recorder.BeginSample(time, _warmupRequests + _totals.Requests, _warmupEdgeRequests + _totals.EdgeRequests);
        foreach (var cache in _caches)
        {
            for (var index = 0; index < cache.Count; index++)
            {
                recorder.AddContext(cache.OrdinalAt(index), cache.ContextValue(index, time, topic));
            }
        }
    }

    /// <summary>
    /// Whether a run samples, as a type argument of the request loops: for a struct type argument the JIT compiles a
    /// loop of its own in which <see cref="Enabled"/> is a constant, so the loop without sampling has no sampling code.
    /// </summary>
    private interface ISampling
    {
        static abstract bool Enabled { get; }
    }

    private readonly struct SamplingOff : ISampling
    {
        public static bool Enabled => false;
    }

    private readonly struct SamplingOn : ISampling
    {
        public static bool Enabled => true;
    }

    /// <summary>The centre of the generated requests' drifting topic at <paramref name="time"/>, in [0, 1).</summary>
    private double GeneratedTopic(double time)
    {
        var topic = _scenario.Workload.TopicDriftPerSecond * time;
        return topic - Math.Floor(topic);
    }
}
