using System.CommandLine;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm scenario show NAME</c>: print a built-in scenario as a file to copy and edit.</summary>
internal static class ScenarioCommand
{
    internal const string Name = "scenario";

    internal const string Description = "Work with simulation scenarios.";

    internal static Command Create()
    {
        var command = new Command(Name, Description);
        var name = new Argument<string>("name") { Description = $"Built-in scenario: {string.Join(", ", BuiltInScenarios.Names)}." };
        var show = new Command("show", "Print a built-in scenario (YAML with a rationale per parameter) to copy and edit.");
        show.Arguments.Add(name);
        show.SetAction(async (parseResult, cancellationToken) =>
        {
            var requested = parseResult.GetValue(name)!;
            var text = BuiltInScenarios.Text(requested)
                ?? throw new CliException($"unknown built-in scenario '{requested}'; known: {string.Join(", ", BuiltInScenarios.Names)}.");
            await Console.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        command.Subcommands.Add(show);
        return command;
    }
}
