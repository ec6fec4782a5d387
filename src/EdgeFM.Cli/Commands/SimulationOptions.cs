namespace EdgeFM.Cli.Commands;

/// <summary>Validation shared by the simulation commands' options.</summary>
internal static class SimulationOptions
{
    public static int Runs(int runs) =>
        runs is >= 1 and <= 100_000 ? runs : throw new CliException($"--runs must be between 1 and 100000, but is {runs}.");
}
