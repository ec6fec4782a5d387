using System.CommandLine;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm eval ...</c>: evaluations of the edge's intelligence on the data sets the project ships.</summary>
internal static class EvalCommand
{
    internal const string Name = "eval";

    internal const string Description = "Evaluate edge intelligence (NetGPT personalization) on shipped data sets.";

    public static Command Create(CommandSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var command = new Command(Name, Description);
        selection.AddTo(
            command,
            new CommandEntry(EvalPersonalizationCommand.Name, EvalPersonalizationCommand.Description, EvalPersonalizationCommand.Create),
            new CommandEntry(EvalPersonalizationDataCommand.Name, EvalPersonalizationDataCommand.Description, EvalPersonalizationDataCommand.Create),
            new CommandEntry(EvalPersonalizationTrainDataCommand.Name, EvalPersonalizationTrainDataCommand.Description, EvalPersonalizationTrainDataCommand.Create));
        return command;
    }
}
