namespace EdgeFM.Gateway.Configuration;

/// <summary>
/// One gateway setting: its configuration key (<c>appsettings.json</c>), command-line option, environment variable,
/// and how its text value is applied to <see cref="GatewayOptions"/>.
/// </summary>
public sealed class GatewaySetting
{
    private readonly Func<GatewayOptions, string, GatewayOptions> _apply;

    internal GatewaySetting(string key, string option, string description, string defaultText, Func<GatewayOptions, string, GatewayOptions> apply)
    {
        Key = key;
        Option = option;
        Description = description;
        DefaultText = defaultText;
        _apply = apply;
    }

    /// <summary>Configuration key, e.g. <c>MemoryBudget</c>.</summary>
    public string Key { get; }

    /// <summary>Command-line option, e.g. <c>--memory-budget</c>.</summary>
    public string Option { get; }

    /// <summary>Environment variable, e.g. <c>EDGEFM_MEMORYBUDGET</c>.</summary>
    public string EnvironmentVariable => GatewaySettings.EnvironmentPrefix + Key.ToUpperInvariant();

    /// <summary>What the setting does, for help text and docs.</summary>
    public string Description { get; }

    /// <summary>The default, as text.</summary>
    public string DefaultText { get; }

    /// <summary>
    /// Applies <paramref name="value"/>; throws <see cref="FormatException"/> whose message says what was expected.
    /// </summary>
    internal GatewayOptions Apply(GatewayOptions options, string value) => _apply(options, value);
}
