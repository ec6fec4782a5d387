using System.Globalization;
using System.Text;
using System.Threading.Channels;
using EdgeFM.Gateway.Configuration;

namespace EdgeFM.Gateway.Tracing;

/// <summary>
/// Records the requests a gateway plans as a trace in the simulator's format (CSV:
/// <c>time,user,model,inputTokens,outputTokens,topic</c>; time in seconds since the gateway started, in arrival
/// order), and writes beside it a scenario (<c>FILE.scenario.yaml</c>) with this gateway's models, budget and policy
/// settings, so <c>edgefm simulate --scenario FILE.scenario.yaml</c> replays what the gateway saw under every policy.
/// Users are written as a hash of the request's <c>user</c> field, never as given. Lines are written off the request
/// path by one background writer and flushed within a second; <see cref="DisposeAsync"/> writes what is left.
/// </summary>
public sealed class TraceRecorder : ITraceSink, IAsyncDisposable
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <summary>Creates <paramref name="path"/> (replacing it) and its scenario file, and starts the writer.</summary>
    /// <param name="path">The trace file.</param>
    /// <param name="options">The gateway's settings (budget, policy settings, cost model).</param>
    /// <param name="models">The models as the policies know them (ids, bytes).</param>
    public TraceRecorder(string path, GatewayOptions options, Core.Models.ModelCatalog models)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(models);
        Path = System.IO.Path.GetFullPath(path);
        ScenarioPath = Path + ".scenario.yaml";
        File.WriteAllText(ScenarioPath, TraceScenario.Render(System.IO.Path.GetFileName(Path), options, models));
        var stream = new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.Read);
        var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.WriteLine("time,user,model,inputTokens,outputTokens,topic");
        writer.Flush();
        _writer = Task.Run(() => WriteAsync(writer));
    }

    /// <summary>The trace file.</summary>
    public string Path { get; }

    /// <summary>The scenario file that replays it.</summary>
    public string ScenarioPath { get; }

    /// <inheritdoc />
    public void Record(double time, string? user, string model, int inputTokens, int outputTokens, double topic) =>
        _lines.Writer.TryWrite(string.Create(CultureInfo.InvariantCulture, $"{time:0.######},{UserKey(user)},{model},{inputTokens},{outputTokens},{topic:0.########}"));

    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    /// <summary>A stable pseudonym of a user id (FNV-1a, 64 bits), so a trace names no user.</summary>
    private static string UserKey(string? user)
    {
        if (string.IsNullOrEmpty(user))
        {
            return "anonymous";
        }

        var hash = 14695981039346656037UL;
        foreach (var c in user)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return "u" + hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    private async Task WriteAsync(StreamWriter writer)
    {
        await using (writer.ConfigureAwait(false))
        {
            var reader = _lines.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var line))
                {
                    await writer.WriteLineAsync(line).ConfigureAwait(false);
                }

                await writer.FlushAsync().ConfigureAwait(false);
            }
        }
    }
}
