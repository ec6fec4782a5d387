namespace EdgeFM.Core.Caching;

/// <summary>Names of the cooperative policy variants: the inner policy's name with a prefix, e.g. <c>Coop-LC</c>.</summary>
public static class CooperativePolicyNames
{
    /// <summary>The prefix of a cooperative variant's name.</summary>
    public const string Prefix = "Coop-";

    /// <summary>The name of the cooperative variant of the policy named <paramref name="inner"/>.</summary>
    public static string Of(string inner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inner);
        return Prefix + inner;
    }

    /// <summary>The inner policy's name of a cooperative variant's <paramref name="name"/>, or null when it is not one.</summary>
    public static string? InnerOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length > Prefix.Length && name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? name[Prefix.Length..] : null;
    }
}
