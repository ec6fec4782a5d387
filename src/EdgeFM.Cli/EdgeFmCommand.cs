using System.CommandLine;
using EdgeFM.Cli.Commands;

namespace EdgeFM.Cli;

/// <summary>
/// The root of the <c>edgefm</c> command. Each sub-command lives in <c>Commands/</c> and is registered here;
/// the commands stay thin and call into the libraries.
/// </summary>
internal static class EdgeFmCommand
{
    /// <summary>The whole command tree, every command built in full.</summary>
    public static RootCommand Create() => Create(CommandSelection.All);

    /// <summary>The command tree with only the commands <paramref name="selection"/> names built in full (the rest are stand-ins for help).</summary>
    public static RootCommand Create(CommandSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var root = new RootCommand("EdgeFM: generative foundation models at the network edge, together with the cloud.");
        selection.AddTo(
            root,
            new CommandEntry(ReproduceCommand.Name, ReproduceCommand.Description, ReproduceCommand.Create),
            new CommandEntry(SimulateCommand.Name, SimulateCommand.Description, SimulateCommand.Create),
            new CommandEntry(ScenarioCommand.Name, ScenarioCommand.Description, ScenarioCommand.Create),
            new CommandEntry(ServeCommand.Name, ServeCommand.Description, ServeCommand.Create),
            new CommandEntry(GenerateCommand.Name, GenerateCommand.Description, GenerateCommand.Create),
            new CommandEntry(FinetuneCommand.Name, FinetuneCommand.Description, FinetuneCommand.Create),
            new CommandEntry(TokenizeCommand.Name, TokenizeCommand.Description, TokenizeCommand.Create),
            new CommandEntry(ModelCommand.Name, ModelCommand.Description, ModelCommand.Create),
            new CommandEntry(BenchCommand.Name, BenchCommand.Description, BenchCommand.Create),
            new CommandEntry(EvalCommand.Name, EvalCommand.Description, EvalCommand.Create));
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Create(CommandSelection.For(args));
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
