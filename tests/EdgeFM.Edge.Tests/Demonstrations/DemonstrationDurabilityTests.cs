using System.Diagnostics;
using System.Globalization;
using EdgeFM.Core.Models;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.TestSupport;

namespace EdgeFM.Edge.Tests.Demonstrations;

/// <summary>Real child processes record demonstrations into one file and are killed with SIGKILL mid-stream.</summary>
public sealed class DemonstrationDurabilityTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Sigkill_loses_no_committed_demonstration()
    {
        var path = _directory.File("demos.db");

        // Create the file first so the two writers do not race to create the schema.
        var schema = DemonstrationStore.Open(path);
        await schema.DisposeAsync();
        var writers = new[] { Start(path, "left"), Start(path, "right") };
        try
        {
            // Kill each child once it has reported a few commits, while it keeps writing.
            var committed = await Task.WhenAll(writers.Select(w => ReadCommitsAsync(w, atLeast: 5)));
            foreach (var writer in writers)
            {
                writer.Kill();
            }

            foreach (var writer in writers)
            {
                await writer.WaitForExitAsync();
                Assert.Equal(137, writer.ExitCode); // 128 + SIGKILL
            }

            await using var store = DemonstrationStore.Open(path);
            var prompts = store.All(new ModelId("stories260K"), 1_000_000).Select(d => d.Prompt).ToHashSet(StringComparer.Ordinal);
            for (var w = 0; w < writers.Length; w++)
            {
                var name = w == 0 ? "left" : "right";
                for (var i = 0; i <= committed[w]; i++)
                {
                    Assert.Contains($"{name} #{i}", prompts);
                }
            }
        }
        finally
        {
            foreach (var writer in writers)
            {
                if (!writer.HasExited)
                {
                    writer.Kill();
                }

                writer.Dispose();
            }
        }
    }

    private static Process Start(string path, string name)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EdgeFM.Edge.DemoWriter.dll"));
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(name);
        return Process.Start(start)!;
    }

    /// <summary>Reads "committed i" lines until <paramref name="atLeast"/> were seen; returns the last i reported.</summary>
    private static async Task<int> ReadCommitsAsync(Process writer, int atLeast)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var last = -1;
        for (var seen = 0; seen < atLeast; seen++)
        {
            var line = await writer.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("the writer exited before committing");
            last = int.Parse(line["committed ".Length..], CultureInfo.InvariantCulture);
        }

        return last;
    }
}
