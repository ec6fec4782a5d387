using EdgeFM.Core.Context;

namespace EdgeFM.Edge.Demonstrations;

/// <summary>
/// Scores demonstrations for a request by Age of Context, score = freshness(age) × relevance, with Core's
/// <see cref="IFreshness"/> and the project's <see cref="LexicalRelevance"/> between the request's topic and prompt and
/// each demonstration's topic and prompt, and picks the best k that fit a token budget. Stateless and thread-safe.
/// </summary>
public sealed class AgeOfContextSelector
{
    /// <summary>Creates a selector with <paramref name="freshness"/> (e.g. Core's <see cref="LinearFreshness"/>).</summary>
    public AgeOfContextSelector(IFreshness freshness)
    {
        Freshness = freshness ?? throw new ArgumentNullException(nameof(freshness));
    }

    /// <summary>The freshness function (weight in [0, 1] for an age in seconds).</summary>
    public IFreshness Freshness { get; }

    /// <summary>
    /// Every candidate's score for <paramref name="request"/> at <paramref name="now"/>, best first (ties: newer first).
    /// Candidates the request's user may not see are left out, whoever passed them in.
    /// </summary>
    public IReadOnlyList<ScoredDemonstration> Score(DemonstrationRequest request, IReadOnlyList<StoredDemonstration> candidates, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(candidates);
        var visible = candidates.Where(c => c.IsVisibleTo(request.User)).ToArray();
        var relevance = LexicalRelevance.Score(request.Topic + " " + request.Prompt, [.. visible.Select(c => c.Topic + " " + c.Prompt)]);
        var scored = new ScoredDemonstration[visible.Length];
        for (var i = 0; i < visible.Length; i++)
        {
            // A demonstration stamped after now (another node's clock) counts as brand new, not as fresher than new.
            var age = Math.Max(0, (now - visible[i].Time).TotalSeconds);
            var fresh = Freshness.Weight(age);
            scored[i] = new ScoredDemonstration(visible[i], fresh, relevance[i], fresh * relevance[i]);
        }

        return [.. scored.OrderByDescending(s => s.Score).ThenByDescending(s => s.Demonstration.Time).ThenByDescending(s => s.Demonstration.Id)];
    }

    /// <summary>
    /// The best-scoring candidates with a positive score, at most <paramref name="k"/>, whose total
    /// <paramref name="tokenCost"/> fits <paramref name="tokenBudget"/> (a candidate too large for what is left is
    /// skipped and smaller, lower-scoring ones may still fit).
    /// </summary>
    public DemonstrationSelection Select(
        DemonstrationRequest request, IReadOnlyList<StoredDemonstration> candidates, DateTimeOffset now, int k, int tokenBudget, Func<StoredDemonstration, int> tokenCost)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(tokenBudget);
        ArgumentNullException.ThrowIfNull(tokenCost);
        var scored = Score(request, candidates, now);
        var chosen = new List<ScoredDemonstration>(k);
        var tokens = 0;
        double value = 0;
        foreach (var candidate in scored)
        {
            value += candidate.Score;
            if (chosen.Count == k || candidate.Score <= 0)
            {
                continue;
            }

            var cost = tokenCost(candidate.Demonstration);
            if (tokens + cost <= tokenBudget)
            {
                chosen.Add(candidate);
                tokens += cost;
            }
        }

        return new DemonstrationSelection(chosen, tokens, value);
    }
}
