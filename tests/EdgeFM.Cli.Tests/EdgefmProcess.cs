using EdgeFM.TestSupport;

namespace EdgeFM.Cli.Tests;

/// <summary>Runs the built <c>edgefm.dll</c> in its own process (Console is process-global, so tests don't share it).</summary>
internal static class EdgefmProcess
{
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        DotnetProcess.RunAsync(Path.Combine(AppContext.BaseDirectory, "edgefm.dll"), args, TimeSpan.FromMinutes(2));
}
