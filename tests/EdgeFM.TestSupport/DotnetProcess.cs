using System.Diagnostics;

namespace EdgeFM.TestSupport;

/// <summary>Runs a .NET assembly (<c>dotnet DLL ARGS</c>) in its own process to its end, for tests of exit codes and output.</summary>
public static class DotnetProcess
{
    /// <summary>
    /// Runs <c>dotnet <paramref name="dll"/> <paramref name="arguments"/></c> with <paramref name="environment"/> added
    /// (a null value removes a variable) and returns its exit code and what it wrote. Kills it and throws
    /// <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string dll, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>(StringComparer.Ordinal))
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {dll} {string.Join(' ', start.ArgumentList.Skip(1))} did not exit within {timeout.TotalSeconds:0} s", ex);
        }

        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
