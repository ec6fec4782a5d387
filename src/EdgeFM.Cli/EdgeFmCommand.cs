using System.CommandLine;
using EdgeFM.Cli.Commands;

namespace EdgeFM.Cli;

/// <summary>
/// The root of the <c>edgefm</c> command. Each sub-command lives in <c>Commands/</c> and is registered here;
/// the commands stay thin and call into the libraries.
/// </summary>
internal static class EdgeFmCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("EdgeFM: generative foundation models at the network edge, together with the cloud.");
        root.Subcommands.Add(ReproduceCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(ScenarioCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(TokenizeCommand.Create());
        root.Subcommands.Add(ModelCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Create();
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await Console.Error.WriteLineAsync($"edgefm: {error.Message}").ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Run 'edgefm --help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        try
        {
            return await parseResult.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await Console.Error.WriteLineAsync($"edgefm: {ex.Message}").ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("edgefm: cancelled.").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
