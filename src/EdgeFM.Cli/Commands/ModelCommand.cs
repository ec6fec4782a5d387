using System.CommandLine;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm model ...</c>: work with model files.</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "Inspect and create model files.");
        command.Subcommands.Add(ModelInspectCommand.Create());
        command.Subcommands.Add(ModelSynthCommand.Create());
        return command;
    }
}
