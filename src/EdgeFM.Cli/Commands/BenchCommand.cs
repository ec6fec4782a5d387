using System.CommandLine;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm bench ...</c>: quick throughput measurements (BenchmarkDotNet suites live in bench/).</summary>
internal static class BenchCommand
{
    internal const string Name = "bench";

    internal const string Description = "Measure simulator and runtime throughput.";

    /// <summary>The <c>bench</c> group; <paramref name="selection"/> says which of its sub-commands to build in full.</summary>
    public static Command Create(CommandSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var command = new Command(Name, Description);
        selection.AddTo(
            command,
            new CommandEntry(BenchSimCommand.Name, BenchSimCommand.Description, BenchSimCommand.Create),
            new CommandEntry(BenchDecodeCommand.Name, BenchDecodeCommand.Description, BenchDecodeCommand.Create),
            new CommandEntry(BenchLoraCommand.Name, BenchLoraCommand.Description, BenchLoraCommand.Create),
            new CommandEntry(BenchKernelsCommand.Name, BenchKernelsCommand.Description, BenchKernelsCommand.Create),
            new CommandEntry(BenchNetgptCommand.Name, BenchNetgptCommand.Description, BenchNetgptCommand.Create),
            new CommandEntry(BenchServeCommand.Name, BenchServeCommand.Description, BenchServeCommand.Create));
        return command;
    }
}
