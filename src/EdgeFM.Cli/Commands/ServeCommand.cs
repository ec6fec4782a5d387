using System.CommandLine;
using EdgeFM.Gateway;
using EdgeFM.Gateway.Configuration;
using Microsoft.Extensions.Hosting;

namespace EdgeFM.Cli.Commands;

/// <summary>
/// <c>edgefm serve</c>: runs the OpenAI-compatible edge/cloud gateway. Every setting is an option here, a key in
/// <c>appsettings.json</c> and an <c>EDGEFM_</c> environment variable (see docs/gateway.md).
/// </summary>
internal static class ServeCommand
{
    internal const string Name = "serve";

    internal const string Description = "Serve models over an OpenAI-compatible API at the edge, offloading to a cloud endpoint.";

    public static Command Create()
    {
        var command = new Command(Name, Description);
        var options = GatewaySettings.All.Select(setting => (Setting: setting, Option: new Option<string>(setting.Option)
        {
            Description = $"{setting.Description} [default: {setting.DefaultText}; env {setting.EnvironmentVariable}]",
        })).ToList();
        foreach (var (_, option) in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var given = options
                .Select(o => (o.Setting.Key, Value: parseResult.GetValue(o.Option)))
                .Where(o => o.Value is not null)
                .ToDictionary(o => o.Key, o => o.Value, StringComparer.OrdinalIgnoreCase);
            Microsoft.AspNetCore.Builder.WebApplication app;
            try
            {
                var settings = GatewaySettings.Load(GatewaySettings.BuildConfiguration(Environment.CurrentDirectory, given));
                app = GatewayHost.Build(settings, ServeCluster.Join(settings));
            }
            catch (GatewayConfigurationException ex)
            {
                throw new CliException(ex.Message, ex, ExitCodes.BadInput);
            }

            await using (app.ConfigureAwait(false))
            {
                try
                {
                    await app.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    throw new CliException($"--urls {app.Urls.FirstOrDefault()}: cannot listen ({ex.Message}); choose a free port.", ex, ExitCodes.Failure);
                }

                await Console.Error.WriteLineAsync(GatewayHost.Describe(app)).ConfigureAwait(false);
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
