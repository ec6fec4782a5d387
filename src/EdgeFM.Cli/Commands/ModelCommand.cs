using System.CommandLine;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm model ...</c>: work with model files.</summary>
internal static class ModelCommand
{
    internal const string Name = "model";

    internal const string Description = "Inspect and create model files.";

    /// <summary>The <c>model</c> group; <paramref name="selection"/> says which of its sub-commands to build in full.</summary>
    public static Command Create(CommandSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var command = new Command(Name, Description);
        selection.AddTo(
            command,
            new CommandEntry(ModelInspectCommand.Name, ModelInspectCommand.Description, ModelInspectCommand.Create),
            new CommandEntry(ModelSynthCommand.Name, ModelSynthCommand.Description, ModelSynthCommand.Create));
        return command;
    }
}
