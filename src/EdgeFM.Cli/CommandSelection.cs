using System.CommandLine;

namespace EdgeFM.Cli;

/// <summary>
/// Which sub-commands to build in full. When the command line names one of a group's sub-commands, only that one gets
/// its options, action and own sub-commands; its siblings are stand-ins with the same name and description, which
/// nothing shows once a sibling was named. Otherwise (help of the group, a typo, no command) all are built, so help and
/// parse errors read exactly as with the whole tree. This CLI runs without tiered compilation, so every command built
/// up front was compiled fully optimized and pulled its library's assembly in: about 1 MiB resident, and start-up
/// time, for commands that do not run.
/// </summary>
internal sealed class CommandSelection
{
    private readonly string[]? _args;
    private readonly int _depth;

    private CommandSelection(string[]? args, int depth)
    {
        _args = args;
        _depth = depth;
    }

    /// <summary>Builds every command.</summary>
    public static CommandSelection All { get; } = new(null, 0);

    /// <summary>
    /// The selection for <paramref name="args"/>: the command named by the first token, its sub-command named by the
    /// second, and so on. A response file (<c>@file</c>) or a directive (<c>[name]</c>) hides the names, so everything
    /// is built then.
    /// </summary>
    public static CommandSelection For(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var positional = !Array.Exists(args, a => a.StartsWith('@')) && (args.Length == 0 || !args[0].StartsWith('['));
        return positional ? new CommandSelection(args, 0) : All;
    }

    /// <summary>Adds <paramref name="entries"/> to <paramref name="parent"/>: the named one (or all) built, the others as stand-ins.</summary>
    public void AddTo(Command parent, params ReadOnlySpan<CommandEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var named = Named(entries);
        foreach (var entry in entries)
        {
            parent.Subcommands.Add(named is null || ReferenceEquals(named, entry) ? Build(entry) : new Command(entry.Name, entry.Description));
        }
    }

    /// <summary>The entry the token at this depth names, or null to build all.</summary>
    private CommandEntry? Named(ReadOnlySpan<CommandEntry> entries)
    {
        if (_args is null || _depth >= _args.Length)
        {
            return null;
        }

        foreach (var entry in entries)
        {
            if (string.Equals(entry.Name, _args[_depth], StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }

    private Command Build(CommandEntry entry)
    {
        var command = entry.Create(_args is null ? All : new CommandSelection(_args, _depth + 1));
        return string.Equals(command.Name, entry.Name, StringComparison.Ordinal) && string.Equals(command.Description, entry.Description, StringComparison.Ordinal)
            ? command
            : throw new InvalidOperationException($"command '{command.Name}' was registered as '{entry.Name}' or with another description; register it with its own Name and Description.");
    }
}
