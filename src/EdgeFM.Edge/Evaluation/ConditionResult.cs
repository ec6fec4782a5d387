namespace EdgeFM.Edge.Evaluation;

/// <summary>The metrics of one <see cref="DemonstrationCondition"/> over the held-out requests.</summary>
/// <param name="Condition">The condition.</param>
/// <param name="FactRecall">Share of the expected facts found verbatim in each outgoing completed prompt.</param>
/// <param name="FactPrecision">Share of the location claims (expected facts and gazetteer place names) in each outgoing prompt that were expected.</param>
/// <param name="LeakedCoordinates">Outgoing prompts holding a decimal number within 0.05° of the request's latitude or longitude, or a degree sign.</param>
/// <param name="Loss">Edge-model negative log-likelihood of the reference completion, nats per token.</param>
/// <param name="LossChange">Per-request loss minus the same request's loss without demonstrations (paired).</param>
/// <param name="Demonstrations">Demonstrations the edge model saw per request.</param>
/// <param name="ConnectorsShown">Share of each request's reference connectors (the user's habits) found verbatim in a demonstration the edge model saw.</param>
/// <param name="HabitsWritten">Share of each request's reference connectors that the completion wrote after the same fact (a written connector of two or more words that begins the reference's).</param>
/// <param name="FactsMissing">Expected facts missing from the outgoing prompts, over all requests.</param>
/// <param name="FactsRemovedAtEgress">Of those, the facts the completed prompt carried and the egress filter removed (the rest the completer never wrote).</param>
public sealed record ConditionResult(
    DemonstrationCondition Condition,
    MeanInterval FactRecall,
    MeanInterval FactPrecision,
    int LeakedCoordinates,
    MeanInterval Loss,
    MeanInterval LossChange,
    MeanInterval Demonstrations,
    MeanInterval ConnectorsShown,
    MeanInterval HabitsWritten,
    int FactsMissing,
    int FactsRemovedAtEgress);
