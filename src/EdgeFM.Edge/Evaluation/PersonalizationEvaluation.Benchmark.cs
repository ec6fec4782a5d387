using System.Numerics.Tensors;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Location;
using EdgeFM.Edge.Privacy;
using EdgeFM.Edge.Prompting;

namespace EdgeFM.Edge.Evaluation;

public sealed partial class PersonalizationEvaluation
{
    /// <summary>
    /// Times the NetGPT edge stage on held-out requests of the data set (cycled when <paramref name="requests"/> exceeds
    /// them): location resolve, AoC selection of k demonstrations from the history the user may see (an in-memory pool,
    /// not the SQLite store), constrained completion and the egress filter, each timed with the injected
    /// <see cref="TimeProvider"/>; and, per request, a plain greedy generation with the same token counts as the
    /// baseline. The first <paramref name="warmup"/> requests run untimed. Wall-clock: noisy on a shared machine.
    /// </summary>
    public EdgeStageReport BenchmarkEdgeStage(IReadOnlyList<PersonalizationItem> items, int requests, int warmup = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        var history = History(items);
        var heldOut = items.Where(i => string.Equals(i.Split, "heldout", StringComparison.Ordinal)).OrderBy(i => i.Time).ToArray();
        if (heldOut.Length == 0)
        {
            throw new ArgumentException("The data set has no held-out requests to time.", nameof(items));
        }

        var stages = Enumerable.Range(0, 6).Select(_ => new List<double>(requests)).ToArray();
        double read = 0, written = 0, allocated = 0;
        for (var n = 0; n < warmup + requests; n++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = heldOut[n % heldOut.Length];
            var request = new NetGptRequest(item.Prompt, new UserId(item.User), new LocationQuery(new GeoPoint(item.Latitude, item.Longitude)), item.Topic);
            var pool = Pool(history, item);
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var t0 = _time.GetTimestamp();
            var location = Resolve(item);
            var t1 = _time.GetTimestamp();
            var demonstrations = Choose(DemonstrationCondition.AgeOfContext, item, pool, location);
            var t2 = _time.GetTimestamp();
            var completion = _completer.Complete(item.Prompt, location, demonstrations, cancellationToken);
            var t3 = _time.GetTimestamp();
            _ = EgressFilter.Instance.Filter(completion.Text, NetGptCompletion.EgressContextFor(request, completion));
            var t4 = _time.GetTimestamp();
            bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
            var baseline = PlainGeneration(item, demonstrations, completion);
            if (n < warmup)
            {
                continue;
            }

            double[] times = [Ms(t0, t1), Ms(t1, t2), Ms(t2, t3), Ms(t3, t4), Ms(t0, t4), baseline];
            for (var s = 0; s < stages.Length; s++)
            {
                stages[s].Add(times[s]);
            }

            read += completion.PromptTokens;
            written += completion.GeneratedTokens;
            allocated += bytes;
        }

        return new EdgeStageReport(
            _options.ModelLabel ?? Path.GetFileName(_model.FilePath),
            requests,
            LatencySummary.Of(stages[0]),
            LatencySummary.Of(stages[1]),
            LatencySummary.Of(stages[2]),
            LatencySummary.Of(stages[3]),
            LatencySummary.Of(stages[4]),
            LatencySummary.Of(stages[5]),
            read / requests,
            written / requests,
            allocated / requests);
    }

    /// <summary>
    /// Milliseconds of an unconstrained greedy generation that reads as many tokens as <paramref name="completion"/>
    /// read (the same edge prompt's tokens, cut or repeated to length) in one prefill and writes as many as it wrote.
    /// </summary>
    private double PlainGeneration(PersonalizationItem item, IReadOnlyList<StoredDemonstration> demonstrations, PromptCompletion completion)
    {
        var text = _completer.Model.Tokenizer!.Encode(PromptTemplate.FormatEdgePrompt(item.Prompt, demonstrations) + completion.Text, addBos: true);
        var prompt = new int[Math.Max(1, completion.PromptTokens)];
        for (var i = 0; i < prompt.Length; i++)
        {
            prompt[i] = text[i % text.Length];
        }

        var started = _time.GetTimestamp();
        var session = _model.CreateSession(_model.Config.ContextLength);
        var logits = session.Prefill(prompt);
        for (var i = 0; i < completion.GeneratedTokens; i++)
        {
            logits = session.Decode(TensorPrimitives.IndexOfMax(logits));
        }

        return _time.GetElapsedTime(started).TotalMilliseconds;
    }

    private double Ms(long from, long to) => _time.GetElapsedTime(from, to).TotalMilliseconds;
}
