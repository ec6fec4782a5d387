using EdgeFM.Core.Caching;

namespace EdgeFM.Simulation.Scenarios;

/// <summary>Scenarios shipped inside the library, as YAML text users can print, copy and edit.</summary>
public static class BuiltInScenarios
{
    /// <summary>The name of the scenario calibrated to the paper's Table II.</summary>
    public const string Reproduce = "reproduce";

    /// <summary>The name of the scenario comparing independent and cooperating edges at 1, 4 and 16 edges.</summary>
    public const string Cooperation = "cooperation";

    /// <summary>Names of the built-in scenarios.</summary>
    public static IReadOnlyList<string> Names { get; } = [Reproduce, Cooperation];

    /// <summary>The YAML text of the built-in scenario <paramref name="name"/> (case-insensitive), or null when unknown.</summary>
    public static string? Text(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Names.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        var resource = $"EdgeFM.Simulation.Scenarios.{name.ToLowerInvariant()}.yaml";
        using var stream = typeof(BuiltInScenarios).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The built-in scenario resource '{resource}' is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Loads the built-in scenario <paramref name="name"/>; throws <see cref="ArgumentException"/> when unknown.</summary>
    public static Scenario Load(string name, CachePolicyFactory? policies = null)
    {
        var text = Text(name) ?? throw new ArgumentException($"Unknown built-in scenario '{name}'; known: {string.Join(", ", Names)}.", nameof(name));
        return ScenarioLoader.Parse(text, $"{name.ToLowerInvariant()}.yaml (built-in)", Environment.CurrentDirectory, policies);
    }
}
