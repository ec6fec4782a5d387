using System.Globalization;
using System.Text.RegularExpressions;
using EdgeFM.Core.Context;
using EdgeFM.Core.Models;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Location;
using EdgeFM.Edge.Privacy;
using EdgeFM.Edge.Prompting;
using EdgeFM.Inference.Models;

namespace EdgeFM.Edge.Evaluation;

/// <summary>
/// Evaluates NetGPT personalization on a <see cref="PersonalizationDataset"/>: each held-out request is completed by the
/// edge model with no, random or AoC-selected demonstrations from the history (only those its user may see), passed
/// through the egress filter, and scored for fact recall and precision, leaked coordinates, and the edge model's loss
/// on the reference completion given the same demonstrations. Deterministic (greedy connectors, seeded baseline).
/// </summary>
public sealed partial class PersonalizationEvaluation
{
    private readonly LlamaModel _model;
    private readonly Gazetteer _gazetteer;
    private readonly PersonalizationEvaluationOptions _options;
    private readonly PromptCompleter _completer;
    private readonly AgeOfContextSelector _selector;
    private readonly TimeProvider _time;

    /// <summary>
    /// Creates the evaluation of <paramref name="model"/> with places from <paramref name="gazetteer"/>;
    /// <paramref name="timeProvider"/> times the edge stage (wall clock: noisy on a shared machine).
    /// </summary>
    public PersonalizationEvaluation(LlamaModel model, Gazetteer gazetteer, PersonalizationEvaluationOptions? options = null, TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _gazetteer = gazetteer ?? throw new ArgumentNullException(nameof(gazetteer));
        _options = options ?? new PersonalizationEvaluationOptions();
        _completer = new PromptCompleter(model);
        _selector = new AgeOfContextSelector(new LinearFreshness(_options.FreshnessWindow.TotalSeconds), _options.OtherUserAffinity);
    }

    /// <summary>Runs the evaluation; <paramref name="progress"/> hears the number of held-out requests done.</summary>
    public PersonalizationReport Run(IReadOnlyList<PersonalizationItem> items, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var history = History(items);
        var heldOut = items.Where(i => string.Equals(i.Split, "heldout", StringComparison.Ordinal)).OrderBy(i => i.Time).ToArray();
        if (_options.Limit > 0)
        {
            heldOut = heldOut[..Math.Min(_options.Limit, heldOut.Length)];
        }

        var conditions = Enum.GetValues<DemonstrationCondition>();
        var samples = conditions.ToDictionary(c => c, _ => new Samples());
        var examples = new List<string>();
        var stageMilliseconds = new List<double>();
        for (var n = 0; n < heldOut.Length; n++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = heldOut[n];
            var point = new GeoPoint(item.Latitude, item.Longitude);
            var location = Resolve(item);
            var user = new UserId(item.User);
            var pool = Pool(history, item);
            var noneLoss = double.NaN;
            foreach (var condition in conditions)
            {
                var started = _time.GetTimestamp();
                var demonstrations = Choose(condition, item, pool, location);
                var typed = item.CoordinatesInPrompt
                    ? item.Prompt + string.Create(CultureInfo.InvariantCulture, $" I am at {item.Latitude:F4}, {item.Longitude:F4}.")
                    : item.Prompt;
                var completion = _completer.Complete(typed, location, demonstrations, cancellationToken);
                var request = new NetGptRequest(typed, user, new LocationQuery(point), item.Topic);
                var outgoing = EgressFilter.Instance.Filter(completion.Text, NetGptCompletion.EgressContextFor(request, completion)).Text;
                if (condition == DemonstrationCondition.AgeOfContext)
                {
                    stageMilliseconds.Add(_time.GetElapsedTime(started).TotalMilliseconds);
                }

                var sample = samples[condition];
                if (condition == DemonstrationCondition.AgeOfContext && examples.Count < 3)
                {
                    examples.Add(outgoing);
                }

                var found = item.Facts.Count(f => outgoing.Contains(f, StringComparison.Ordinal));

                // Item by item: a fact the completion carried that the outgoing text lacks was taken by the egress filter.
                sample.FactsRemovedAtEgress += item.Facts.Count(f => completion.Text.Contains(f, StringComparison.Ordinal) && !outgoing.Contains(f, StringComparison.Ordinal));
                sample.FactsMissing += item.Facts.Count - found;
                sample.Recall.Add(item.Facts.Count == 0 ? 1 : (double)found / item.Facts.Count);
                var unexpected = UnexpectedPlaces(outgoing, item.Facts);
                sample.Precision.Add(found + unexpected == 0 ? 1 : (double)found / (found + unexpected));
                sample.Leaks += LeaksPoint(outgoing, point) ? 1 : 0;
                sample.Shown.Add(completion.Demonstrations.Count);

                var segments = ReferenceSegments(item, completion.Demonstrations, location);
                sample.ConnectorsShown.Add(ConnectorsShown(segments, completion.Demonstrations));
                sample.HabitsWritten.Add(HabitsWritten(segments, completion));
                var (nats, tokens) = EdgeModelLoss.Measure(_model, segments);
                var loss = nats / tokens;
                sample.Loss.Add(loss);
                if (condition == DemonstrationCondition.None)
                {
                    noneLoss = loss;
                }

                sample.LossChange.Add(loss - noneLoss);
            }

            progress?.Report(n + 1);
        }

        return new PersonalizationReport(
            _options.ModelLabel ?? Path.GetFileName(_model.FilePath),
            history.Length,
            heldOut.Length,
            _options.Demonstrations,
            [.. conditions.Select(c => samples[c].Result(c))],
            MeanInterval.Of([.. samples[DemonstrationCondition.AgeOfContext].Loss.Zip(samples[DemonstrationCondition.Random].Loss, (a, r) => a - r)]),
            examples,
            LatencySummary.Percentile(stageMilliseconds, 0.5),
            LatencySummary.Percentile(stageMilliseconds, 0.99));
    }

    private List<StoredDemonstration> Choose(DemonstrationCondition condition, PersonalizationItem item, StoredDemonstration[] pool, LocationContext location)
    {
        switch (condition)
        {
            case DemonstrationCondition.Random:
                var random = new Random(unchecked((_options.Seed * 1_000_003) + item.Id)); // not HashCode: it is salted per process
                var shuffled = pool.ToArray();
                random.Shuffle(shuffled);
                return [.. shuffled.Take(_options.Demonstrations)];
            case DemonstrationCondition.AgeOfContext:
                var request = new DemonstrationRequest(new UserId(item.User), item.Prompt, item.Topic);
                var budget = _completer.DemonstrationBudget(item.Prompt, location);
                return [.. _selector.Select(request, pool, item.Time, _options.Demonstrations, budget, _completer.TokenCost).Chosen.Select(s => s.Demonstration)];
            case DemonstrationCondition.Oracle:
                return [new StoredDemonstration(0, new ModelId("oracle"), new UserId(item.User), false, item.Topic, item.Time, item.Prompt, item.Reference)];
            default:
                return [];
        }
    }

    /// <summary>
    /// The reference completion as the completer would feed it: demonstrations and request, then each forced span
    /// (unscored) followed by the user's reference connector (scored).
    /// </summary>
    private static List<(string Text, bool Scored)> ReferenceSegments(PersonalizationItem item, IEnumerable<StoredDemonstration> demonstrations, LocationContext location)
    {
        var facts = PromptTemplate.CarriedFacts(location);
        var segments = new List<(string Text, bool Scored)>();
        segments.AddRange(demonstrations.Select(d => (PromptTemplate.FormatDemonstration(d), false)));
        segments.Add((PromptTemplate.FormatRequest(item.Prompt), false));
        var at = PromptTemplate.OneLine(item.Prompt).Length;
        for (var i = 0; i < facts.Count; i++)
        {
            var span = (i == 0 ? "" : PromptTemplate.SentenceEnd) + PromptTemplate.LeadIn(facts[i].Kind) + facts[i].Text;
            segments.Add((span, false));
            at += span.Length;

            // The reference connector runs from the end of the fact to the next full stop.
            var end = item.Reference.IndexOf(PromptTemplate.SentenceEnd + (i + 1 < facts.Count ? PromptTemplate.LeadIn(facts[i + 1].Kind) : ""), at, StringComparison.Ordinal);
            end = end < 0 ? item.Reference.Length - PromptTemplate.SentenceEnd.Length : end;
            // Always one scored segment per fact (empty when the reference has no connector there), in fact order.
            segments.Add((end > at ? item.Reference[at..end] : "", true));

            at = end;
        }

        return segments;
    }

    /// <summary>
    /// Share of the reference's connectors (the scored segments: the user's habits) that appear verbatim in a shown
    /// demonstration, i.e. that the edge model could copy from its context; 1 when the reference has none.
    /// </summary>
    private static double ConnectorsShown(List<(string Text, bool Scored)> segments, IReadOnlyList<StoredDemonstration> shown)
    {
        var connectors = segments.Where(s => s.Scored && !string.IsNullOrWhiteSpace(s.Text)).Select(s => s.Text).ToArray();
        return connectors.Length == 0 ? 1 : (double)connectors.Count(c => shown.Any(d => d.Response.Contains(c, StringComparison.Ordinal))) / connectors.Length;
    }

    /// <summary>
    /// Share of the reference's non-empty connectors (the user's habits, one per fact) that the completion wrote after
    /// the same fact: the written connector, at least two words long, begins the reference's (the completer stops a
    /// connector after a few tokens, so a cut-off habit counts). 1 when the reference has none.
    /// </summary>
    private static double HabitsWritten(List<(string Text, bool Scored)> segments, PromptCompletion completion)
    {
        var reference = segments.Where(s => s.Scored).Select(s => s.Text).ToArray();
        var written = new List<string>();
        for (var i = 0; i < completion.Segments.Count; i++)
        {
            if (completion.Segments[i].Kind == PromptSegmentKind.Fact)
            {
                written.Add(i + 1 < completion.Segments.Count && completion.Segments[i + 1].Kind == PromptSegmentKind.Connector ? completion.Segments[i + 1].Text.Trim() : "");
            }
        }

        var habits = Enumerable.Range(0, reference.Length).Where(i => !string.IsNullOrWhiteSpace(reference[i])).ToArray();
        return habits.Length == 0
            ? 1
            : (double)habits.Count(i => i < written.Count
                && written[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetter)) >= 2
                && reference[i].Trim().StartsWith(written[i], StringComparison.Ordinal)) / habits.Length;
    }

    /// <summary>Gazetteer place names in <paramref name="text"/> (whole words, case-sensitive) that no expected fact contains.</summary>
    private int UnexpectedPlaces(string text, IReadOnlyList<string> facts) =>
        _gazetteer.Places
            .Select(p => p.Name)
            .Distinct(StringComparer.Ordinal)
            .Count(name => !facts.Any(f => f.Contains(name, StringComparison.Ordinal)) && Regex.IsMatch(text, @"(?<!\w)" + Regex.Escape(name) + @"(?!\w)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));

    private static bool LeaksPoint(string text, GeoPoint point) =>
        text.Contains('°', StringComparison.Ordinal)
        || NumberPattern().Matches(text).Any(m =>
        {
            var value = Math.Abs(double.Parse(m.Value.Replace(',', '.'), CultureInfo.InvariantCulture));
            return Math.Abs(value - Math.Abs(point.Latitude)) < 0.05 || Math.Abs(value - Math.Abs(point.Longitude)) < 0.05;
        });

    // Decimals only: the local-time fact holds whole numbers (day, hour, year) that may equal a coordinate's degrees.
    [GeneratedRegex(@"\d+[.,]\d+", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex NumberPattern();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class Samples
    {
        public List<double> Recall { get; } = [];

        public List<double> Precision { get; } = [];

        public List<double> Loss { get; } = [];

        public List<double> LossChange { get; } = [];

        public List<double> Shown { get; } = [];

        public List<double> ConnectorsShown { get; } = [];

        public List<double> HabitsWritten { get; } = [];

        public int Leaks { get; set; }

        public int FactsMissing { get; set; }

        public int FactsRemovedAtEgress { get; set; }

        public ConditionResult Result(DemonstrationCondition condition) =>
            new(condition, MeanInterval.Of(Recall), MeanInterval.Of(Precision), Leaks, MeanInterval.Of(Loss), MeanInterval.Of(LossChange), MeanInterval.Of(Shown), MeanInterval.Of(ConnectorsShown), MeanInterval.Of(HabitsWritten), FactsMissing, FactsRemovedAtEgress);
    }
}
