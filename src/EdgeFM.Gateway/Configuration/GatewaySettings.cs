using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace EdgeFM.Gateway.Configuration;

/// <summary>
/// The table of gateway settings and the loader that turns configuration into validated <see cref="GatewayOptions"/>.
/// Precedence (highest first): command line, <c>EDGEFM_</c> environment variables, <c>appsettings.json</c>.
/// </summary>
public static partial class GatewaySettings
{
    /// <summary>Prefix of the environment variables the gateway reads.</summary>
    public const string EnvironmentPrefix = "EDGEFM_";

    /// <summary>
    /// Where <c>edgefm serve</c> keeps demonstrations unless <c>--context-db</c> says otherwise:
    /// <c>edgefm/context.db</c> under the user's local application data (<c>$XDG_DATA_HOME</c> or <c>~/.local/share</c> on Linux).
    /// </summary>
    public static string DefaultContextDb =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "edgefm", "context.db");

    /// <summary>Builds configuration from <c>appsettings.json</c> in <paramref name="directory"/>, environment and overrides.</summary>
    public static IConfiguration BuildConfiguration(string directory, IReadOnlyDictionary<string, string?> commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        return new ConfigurationBuilder()
            .SetBasePath(directory)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddInMemoryCollection(commandLine)
            .Build();
    }

    /// <summary>
    /// Reads and validates every setting. Throws <see cref="GatewayConfigurationException"/> with one line naming the
    /// first bad setting, its value and what is expected.
    /// </summary>
    public static GatewayOptions Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var models = configuration[ModelsKey];
        if (string.IsNullOrWhiteSpace(models))
        {
            throw new GatewayConfigurationException(
                $"--models is required: the directory of GGUF and llama2.c model files (setting {ModelsKey}, env {EnvironmentPrefix}{ModelsKey.ToUpperInvariant()}).");
        }

        var options = new GatewayOptions { ModelsDirectory = models, ContextDbPath = DefaultContextDb };
        foreach (var setting in All)
        {
            var value = configuration[setting.Key];
            if (value is null)
            {
                continue;
            }

            try
            {
                options = setting.Apply(options, value.Trim());
            }
            catch (FormatException ex)
            {
                throw new GatewayConfigurationException($"{setting.Option} {Quote(value)}: {ex.Message} (setting {setting.Key}, env {setting.EnvironmentVariable}).");
            }
        }

        ValidateTogether(options);
        return options;
    }

    private static void ValidateTogether(GatewayOptions options)
    {
        if (options.Role == GatewayRole.Cloud && options.CloudUrl is not null)
        {
            throw new GatewayConfigurationException("--cloud-url is set but --role is cloud: a cloud gateway serves everything locally; drop one of them.");
        }

        if (options.MaxQueueTotal < options.MaxQueuePerModel)
        {
            throw new GatewayConfigurationException(
                string.Create(CultureInfo.InvariantCulture, $"--max-queue-total {options.MaxQueueTotal}: must be at least --max-queue-per-model ({options.MaxQueuePerModel}).")); 
        }
    }

    private static string Quote(string value) => value.Length == 0 || value.Contains(' ', StringComparison.Ordinal) ? $"'{value}'" : value;
}
