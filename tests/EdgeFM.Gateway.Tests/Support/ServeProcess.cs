using System.Diagnostics;
using System.Text;
using EdgeFM.TestSupport;

namespace EdgeFM.Gateway.Tests.Support;

/// <summary>A real <c>edgefm serve</c> process on a loopback port, stopped on dispose.</summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private int _disposed;

    private ServeProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>http://127.0.0.1:port</summary>
    public Uri BaseUrl { get; }

    public string Errors
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static string EdgefmDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
            return Path.Combine(SharedPaths.RepositoryRoot, "src", "EdgeFM.Cli", "bin", configuration, "net10.0", "edgefm.dll");
        }
    }

    public static async Task<ServeProcess> StartAsync(params string[] arguments)
    {
        var port = Cloud.CloudLinkTests.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (!arguments.Contains("--context-db"))
        {
            // Demonstrations of a test process go to a file of its own, never to the user's data directory.
            start.Environment["EDGEFM_CONTEXTDB"] = Path.Combine(Path.GetTempPath(), $"edgefm-serve-test-{Guid.NewGuid():N}.db");
        }

        start.ArgumentList.Add(EdgefmDll);
        start.ArgumentList.Add("serve");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.ToString().TrimEnd('/'));
        var process = Process.Start(start)!;
        var serve = new ServeProcess(process, url);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (serve._stderr)
            {
                serve._stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        using var probe = new HttpClient { BaseAddress = url };
        for (var i = 0; i < 300; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"edgefm serve exited with {process.ExitCode}: {serve.Errors}");
            }

            try
            {
                using var ready = await probe.GetAsync("/readyz");
                if (ready.IsSuccessStatusCode)
                {
                    return serve;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        await serve.DisposeAsync();
        throw new TimeoutException($"edgefm serve was not ready within 30 s: {serve.Errors}");
    }

    /// <summary>
    /// Runs <c>edgefm serve</c> with <paramref name="arguments"/> (nothing added) until it exits, for start-up failures;
    /// throws after 60 s. Returns its exit code and what it wrote.
    /// </summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(params string[] arguments) =>
        DotnetProcess.RunAsync(EdgefmDll, ["serve", .. arguments], TimeSpan.FromSeconds(60));

    /// <summary>Ends the process with SIGKILL (kill -9): nothing of it runs after this, no shutdown hook, no flush.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
