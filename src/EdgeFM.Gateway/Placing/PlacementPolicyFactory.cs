namespace EdgeFM.Gateway.Placing;

/// <summary>Creates placement policies by name.</summary>
public static class PlacementPolicyFactory
{
    /// <summary>Creates the policy <paramref name="settings"/> names (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="PlacementPolicyNames.All"/>.</exception>
    public static IPlacementPolicy Create(PlacementSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.Equals(settings.Policy, PlacementPolicyNames.Cost, StringComparison.OrdinalIgnoreCase))
        {
            return new CostPlacementPolicy(settings);
        }

        return string.Equals(settings.Policy, PlacementPolicyNames.EdgeFirst, StringComparison.OrdinalIgnoreCase)
            ? new EdgeFirstPlacementPolicy()
            : throw new ArgumentException($"Unknown placement policy '{settings.Policy}'; expected one of {string.Join(", ", PlacementPolicyNames.All)}.", nameof(settings));
    }
}
