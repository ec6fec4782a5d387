using System.Diagnostics;

namespace EdgeFM.Gateway.Tests.Support;

/// <summary>Debian's <c>redis-server</c> on a free loopback port, in memory only (no RDB, no AOF), stopped on dispose.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The full path of <c>redis-server</c> found on PATH, or null when it is not installed.</summary>
    public static string? Executable { get; } = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(directory => Path.Combine(directory, "redis-server"))
        .FirstOrDefault(File.Exists);

    /// <summary>The skip reason of tests that need <c>redis-server</c> when it is missing.</summary>
    public const string Missing = "redis-server is not on PATH: install Debian's redis-server (apt-get install redis-server; .ci/run does this)";

    public int Port { get; }

    /// <summary><c>redis://127.0.0.1:PORT</c>, as <c>edgefm serve --cluster</c> takes it.</summary>
    public string ClusterAddress => $"redis://127.0.0.1:{Port}";

    /// <summary>Starts a server and returns once it accepts connections (it says so on its standard output).</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var executable = Executable ?? throw new InvalidOperationException(Missing);
        var port = Cloud.CloudLinkTests.FreePort();
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--daemonize", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var server = new RedisServer(process, port);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException ex)
        {
            await server.DisposeAsync();
            throw new TimeoutException($"redis-server on port {port} was not ready within 10 s", ex);
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
