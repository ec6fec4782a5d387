using System.CommandLine;

namespace EdgeFM.Cli;

/// <summary>A sub-command as registered: its name and description, and how to build it in full.</summary>
/// <param name="Name">The command's name; must equal the built command's.</param>
/// <param name="Description">The command's description; must equal the built command's.</param>
/// <param name="Create">Builds the command; a group gets the selection of its own sub-commands.</param>
internal sealed record CommandEntry(string Name, string Description, Func<CommandSelection, Command> Create)
{
    /// <summary>A command without sub-commands.</summary>
    public CommandEntry(string name, string description, Func<Command> create)
        : this(name, description, _ => create())
    {
        ArgumentNullException.ThrowIfNull(create);
    }
}
