namespace EdgeFM.Core.Cluster;

/// <summary>What an edge publishes about itself: its models in memory, its budget, and its total queue.</summary>
/// <param name="Models">The models loaded or loading there.</param>
/// <param name="BudgetBytes">Its memory budget.</param>
/// <param name="UsedBytes">Bytes its loaded and loading models take.</param>
/// <param name="QueueDepth">Requests admitted at that edge in all (running and waiting).</param>
public sealed record NodeResidency(IReadOnlyList<ReplicaReport> Models, long BudgetBytes, long UsedBytes, int QueueDepth);
