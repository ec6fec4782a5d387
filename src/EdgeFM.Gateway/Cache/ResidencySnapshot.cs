namespace EdgeFM.Gateway.Cache;

/// <summary>
/// The cache's residency at one instant, for planning: the budget, the bytes reserved, and the loaded and loading
/// top-level models in the order a policy indexes them (load order; an eviction moves the last model into the freed
/// place, exactly as the simulator's cache does, so ties between equal scores break the same way).
/// </summary>
/// <param name="BudgetBytes">The memory budget.</param>
/// <param name="UsedBytes">Bytes reserved by loaded and loading entries.</param>
/// <param name="Resident">Loaded and loading top-level models.</param>
public sealed record ResidencySnapshot(long BudgetBytes, long UsedBytes, IReadOnlyList<ResidentModel> Resident);
