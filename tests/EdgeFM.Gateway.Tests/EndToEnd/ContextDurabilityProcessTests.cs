using EdgeFM.Gateway.Tests.Support;
using EdgeFM.TestSupport;

namespace EdgeFM.Gateway.Tests.EndToEnd;

/// <summary>
/// A real <c>edgefm serve</c> over stories260K with a context database: requests are served, the process is killed with
/// SIGKILL, a new process on the same file lists every demonstration that was committed before the kill. Committed
/// means visible to a reader of the SQLite file (the store commits each batch in a WAL transaction with
/// synchronous=FULL): the count <c>GET /v1/edge/context</c> reported before the kill.
/// </summary>
public sealed class ContextDurabilityProcessTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Every_demonstration_committed_before_a_kill_9_is_there_after_a_restart()
    {
        var models = Directory.CreateDirectory(_directory.File("models")).FullName;
        File.Copy(SharedPaths.Model("stories260K.gguf"), Path.Combine(models, "stories260K.gguf"));
        var db = _directory.File("context.db");
        string[] arguments = ["--models", models, "--context-db", db, "--context-length", "128", "--policy", "LRU", "--context-capacity", "64"];

        int committed;
        var served = 0;
        await using (var first = await ServeProcess.StartAsync(arguments))
        {
            using var client = new HttpClient { BaseAddress = first.BaseUrl };
            for (var i = 0; i < 6; i++)
            {
                using var response = await client.PostJsonAsync("/v1/chat/completions", $$"""{"model":"stories260K","messages":[{"role":"user","content":"Once upon a time {{i}}"}],"max_tokens":4,"user":"u{{i % 2}}"}""");
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
                served++;
            }

            // The writer commits off the request path; wait until every served request's demonstration is visible.
            committed = 0;
            for (var attempt = 0; attempt < 200 && committed < served; attempt++)
            {
                committed = (await (await client.GetAsync(new Uri("/v1/edge/context/stories260K", UriKind.Relative))).JsonAsync()).GetProperty("count").GetInt32();
                if (committed < served)
                {
                    await Task.Delay(25);
                }
            }

            // More requests race the kill: what they leave may or may not be committed; it may only add.
            var racing = Enumerable.Range(0, 3).Select(i => client.PostJsonAsync("/v1/chat/completions", $$"""{"model":"stories260K","messages":[{"role":"user","content":"Late {{i}}"}],"max_tokens":2}""")).ToList();
            await Task.WhenAny(racing);
            await first.KillAsync();
            foreach (var request in racing)
            {
                try
                {
                    (await request).Dispose();
                }
                catch (HttpRequestException)
                {
                    // Cut off by the kill.
                }
            }
        }

        Assert.Equal(served, committed);
        await using var second = await ServeProcess.StartAsync(arguments);
        using var again = new HttpClient { BaseAddress = second.BaseUrl };
        var context = await (await again.GetAsync(new Uri("/v1/edge/context/stories260K", UriKind.Relative))).JsonAsync();
        Assert.InRange(context.GetProperty("count").GetInt32(), committed, committed + 3);
        var prompts = context.GetProperty("examples").EnumerateArray().Select(e => e.GetProperty("prompt").GetString()!).ToList();
        for (var i = 0; i < served; i++)
        {
            Assert.Contains($"Once upon a time {i}", prompts);
        }
    }

    public void Dispose() => _directory.Dispose();
}
