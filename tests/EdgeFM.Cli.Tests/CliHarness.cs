namespace EdgeFM.Cli.Tests;

/// <summary>
/// Runs <c>edgefm</c> in-process with Console redirected. Console is global, so every test class using this joins the
/// xunit collection "Console" (declared with <c>[Collection("Console")]</c>), which runs its tests one at a time.
/// </summary>
internal static class CliHarness
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var originalOut = Console.Out;
        var originalError = Console.Error;
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exitCode = await EdgeFmCommand.RunAsync(args);
            return new CliResult(exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
