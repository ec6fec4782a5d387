using EdgeFM.Core.Models;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.Edge.Location;
using EdgeFM.Edge.Prompting;

namespace EdgeFM.Edge.Evaluation;

public sealed partial class PersonalizationEvaluation
{
    /// <summary>
    /// Fine-tuning examples from the history split only (never a held-out request): for each history request, the
    /// edge-model prompt of <see cref="PromptTemplate.FormatEdgePrompt"/> with the demonstrations
    /// <paramref name="condition"/> chooses from the <em>earlier</em> history the user may see (exactly as
    /// <see cref="Run"/> chooses them for a held-out request), and as completion the rest of the reference completed
    /// prompt (forced facts and the user's connectors). Trained on these, the edge model learns to carry a user's habits
    /// over from the demonstrations in its context, which is what makes the choice of demonstrations matter.
    /// Requests with no earlier demonstration to show are skipped unless <paramref name="condition"/> is
    /// <see cref="DemonstrationCondition.None"/>. In time order.
    /// </summary>
    public IReadOnlyList<PersonalizationTrainingExample> TrainingExamples(IReadOnlyList<PersonalizationItem> items, DemonstrationCondition condition = DemonstrationCondition.AgeOfContext) =>
        TrainingExamples(items, [condition]);

    /// <summary>
    /// As <see cref="TrainingExamples(IReadOnlyList{PersonalizationItem}, DemonstrationCondition)"/>, with the history
    /// requests' demonstrations chosen by <paramref name="conditions"/> in turn (the n-th history request in time order
    /// by <c>conditions[n % count]</c>): e.g. AoC and random alternately, so that the edge model learns to use what its
    /// context shows rather than what one selection tends to show.
    /// </summary>
    public IReadOnlyList<PersonalizationTrainingExample> TrainingExamples(IReadOnlyList<PersonalizationItem> items, IReadOnlyList<DemonstrationCondition> conditions)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(conditions);
        if (conditions.Count == 0 || conditions.Contains(DemonstrationCondition.Oracle))
        {
            throw new ArgumentOutOfRangeException(nameof(conditions), "Give at least one condition and not the oracle: it shows the request's own answer, a diagnostic, not a training format.");
        }

        var history = History(items);
        var examples = new List<PersonalizationTrainingExample>();
        var n = 0;
        foreach (var item in items.Where(i => string.Equals(i.Split, "history", StringComparison.Ordinal)).OrderBy(i => i.Time))
        {
            var condition = conditions[n++ % conditions.Count];
            var location = Resolve(item);
            var demonstrations = _completer.Fit(item.Prompt, location, Choose(condition, item, Pool(history, item), location));
            if (demonstrations.Count == 0 && condition != DemonstrationCondition.None)
            {
                continue;
            }

            var concise = PromptTemplate.OneLine(item.Prompt);
            if (!item.Reference.StartsWith(concise, StringComparison.Ordinal) || item.Reference.Length == concise.Length)
            {
                throw new EdgeDataException("personalization data set", item.Id + 1, $"item {item.Id}: the reference must begin with the concise prompt and go on with the facts.");
            }

            examples.Add(new PersonalizationTrainingExample(PromptTemplate.FormatEdgePrompt(item.Prompt, demonstrations), item.Reference[concise.Length..]));
        }

        return examples;
    }

    /// <summary>The history split as stored demonstrations of this evaluation's model.</summary>
    private StoredDemonstration[] History(IReadOnlyList<PersonalizationItem> items)
    {
        var model = new ModelId(Path.GetFileNameWithoutExtension(_model.FilePath));
        return [.. items.Where(i => string.Equals(i.Split, "history", StringComparison.Ordinal))
            .Select(i => new StoredDemonstration(i.Id + 1, model, new UserId(i.User), i.Shareable, i.Topic, i.Time, i.Prompt, i.Reference))];
    }

    /// <summary>The demonstrations <paramref name="item"/>'s user may see: strictly earlier, within the freshness window.</summary>
    private StoredDemonstration[] Pool(StoredDemonstration[] history, PersonalizationItem item)
    {
        var user = new UserId(item.User);
        return [.. history.Where(d => d.Time < item.Time && d.Time > item.Time - _options.FreshnessWindow && d.IsVisibleTo(user))];
    }

    /// <summary>The location context of <paramref name="item"/> at its own time.</summary>
    private LocationContext Resolve(PersonalizationItem item) =>
        new GazetteerLocationProvider(_gazetteer, null, new FixedTime(item.Time)).Resolve(new LocationQuery(new GeoPoint(item.Latitude, item.Longitude)));
}
