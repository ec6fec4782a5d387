namespace EdgeFM.Gateway.Planning;

/// <summary>
/// How one request is served: an ordered list of stages, each with a destination and a fallback. Today's plans have
/// one stage (answer at the edge or in the cloud); a plan with no stage means nobody can serve the request now, for
/// <see cref="Reason"/>. The plan is shown in the response's <c>edgefm</c> object and in a debug log line.
/// </summary>
/// <param name="Stages">The stages, in order.</param>
/// <param name="Reason">Why the plan is what it is, in a few words.</param>
/// <param name="Policy">The cache policy that decided.</param>
/// <param name="Prefetch">A model to load on the side, or null.</param>
/// <param name="MayWaitForRoom">With no stage: true when the refusal is only because loaded models are busy or loading, so waiting for the cache to change may help.</param>
public sealed record ServingPlan(IReadOnlyList<PlanStage> Stages, string Reason, string Policy, PrefetchOrder? Prefetch = null, bool MayWaitForRoom = false)
{
    /// <summary>One line for logs, e.g. <c>[ANSWER edge:m1 (load, evict m0) | fallback cloud:m1] by LC: worth loading at the edge</c>.</summary>
    public override string ToString() =>
        $"[{string.Join("; ", Stages)}] by {Policy}: {Reason}" + (Prefetch is null ? string.Empty : $"; prefetch {Prefetch.Model}");
}
