using EdgeFM.Core.Models;
using EdgeFM.Edge.Demonstrations;
using EdgeFM.TestSupport;
using Microsoft.Data.Sqlite;

namespace EdgeFM.Edge.Tests.Demonstrations;

public sealed class DemonstrationStoreTests : IDisposable
{
    private static readonly ModelId Model = new("stories260K");
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    internal static StoredDemonstration Demo(string user, string prompt, bool shareable = false, DateTimeOffset? time = null, string topic = "food", ModelId? model = null) =>
        new(0, model ?? Model, new UserId(user), shareable, topic, time ?? Now, prompt, "answer to " + prompt);

    [Fact]
    public async Task A_users_demonstrations_serve_only_that_user_unless_shareable()
    {
        await using var store = DemonstrationStore.Open(_directory.File("demos.db"));
        Assert.True(store.TryRecord(Demo("alice", "alice private")));
        Assert.True(store.TryRecord(Demo("alice", "alice shared", shareable: true)));
        Assert.True(store.TryRecord(Demo("bob", "bob private")));
        await store.FlushAsync();

        Assert.Equal(["alice shared", "alice private"], Prompts(store.Visible(Model, new UserId("alice"), Now.AddHours(-1), 10)));
        Assert.Equal(["bob private", "alice shared"], Prompts(store.Visible(Model, new UserId("bob"), Now.AddHours(-1), 10)));
        Assert.Equal(["alice shared"], Prompts(store.Visible(Model, new UserId("carol"), Now.AddHours(-1), 10)));
        Assert.Equal(3, store.Count(Model));
    }

    [Fact]
    public async Task Committed_demonstrations_survive_reopening_and_the_journal_is_wal()
    {
        var path = _directory.File("demos.db");
        await using (var store = DemonstrationStore.Open(path))
        {
            store.TryRecord(Demo("alice", "kept", time: Now.AddMinutes(-5)));
        }

        await using (var reopened = DemonstrationStore.Open(path))
        {
            var kept = Assert.Single(reopened.All(Model, 10));
            Assert.Equal(("kept", Now.AddMinutes(-5), "food", new UserId("alice")), (kept.Prompt, kept.Time, kept.Topic, kept.User));
            Assert.True(kept.Id > 0);
        }

        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public async Task Concurrent_writers_in_two_stores_on_one_file_lose_nothing()
    {
        var path = _directory.File("demos.db");
        await using var first = DemonstrationStore.Open(path);
        await using var second = DemonstrationStore.Open(path, new DemonstrationStoreOptions { BatchSize = 7 });
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var store = w % 2 == 0 ? first : second;
            for (var i = 0; i < 150; i++)
            {
                await store.RecordAsync(Demo($"user{w}", $"w{w} #{i}"));
            }
        }));
        await Task.WhenAll(writers);
        await Task.WhenAll(first.FlushAsync(), second.FlushAsync());

        var all = first.All(Model, 10_000);
        Assert.Equal(1200, all.Count);
        Assert.Equal(1200, all.Select(d => d.Prompt).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(1200, all.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public async Task Delete_removes_one_models_demonstrations_including_those_still_queued()
    {
        await using var store = DemonstrationStore.Open(_directory.File("demos.db"));
        var other = new ModelId("other");
        for (var i = 0; i < 20; i++)
        {
            store.TryRecord(Demo("alice", $"#{i}"));
        }

        store.TryRecord(Demo("alice", "other model", model: other));
        Assert.Equal(20, await store.DeleteModelAsync(Model));
        Assert.Equal(0, store.Count(Model));
        Assert.Equal(1, store.Count(other));
        Assert.Equal([other], store.Models());
    }

    [Fact]
    public async Task A_closed_store_turns_records_away_and_counts_them()
    {
        var store = DemonstrationStore.Open(_directory.File("demos.db"));
        await store.DisposeAsync();
        Assert.False(store.TryRecord(Demo("alice", "late")));
        Assert.Equal(1, store.DroppedCount);
    }

    [Fact]
    public void An_unusable_path_is_one_clear_error()
    {
        var ex = Assert.Throws<EdgeDataException>(() => DemonstrationStore.Open(_directory.File("missing-dir/x/demos.db")));
        Assert.Contains("cannot open the demonstration store", ex.Message, StringComparison.Ordinal);
    }

    private static string[] Prompts(IEnumerable<StoredDemonstration> demonstrations) => [.. demonstrations.Select(d => d.Prompt)];
}
