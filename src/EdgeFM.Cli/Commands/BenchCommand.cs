using System.CommandLine;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm bench ...</c>: quick throughput measurements (BenchmarkDotNet suites live in bench/).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure simulator and runtime throughput.");
        command.Subcommands.Add(BenchSimCommand.Create());
        command.Subcommands.Add(BenchDecodeCommand.Create());
        command.Subcommands.Add(BenchKernelsCommand.Create());
        command.Subcommands.Add(BenchServeCommand.Create());
        return command;
    }
}
