using System.Threading.Channels;
using EdgeFM.Core.Models;
using Microsoft.Data.Sqlite;

namespace EdgeFM.Edge.Demonstrations;

/// <summary>
/// The edge's demonstrations, per model, in one SQLite file (WAL journal, <c>synchronous=FULL</c>). Writes leave the
/// request path: <see cref="TryRecord"/> only enqueues, and one background writer commits batches in immediate
/// transactions. A demonstration is durable once committed: after <see cref="FlushAsync"/> returns, a crash or
/// <c>kill -9</c> of the process loses none of the demonstrations recorded before the call. Several stores (threads or
/// processes) may share a file: SQLite serializes their transactions and each waits for the lock (busy timeout).
/// Reads run on their own pooled connections and never wait for the writer (WAL readers see the last commit).
/// </summary>
public sealed partial class DemonstrationStore : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly Channel<WriteOperation> _queue;
    private readonly DemonstrationStoreOptions _options;
    private readonly SqliteConnection _writer;
    private readonly Task _writerTask;
    private long _dropped;
    private long _failed;

    private DemonstrationStore(string path, DemonstrationStoreOptions options)
    {
        FilePath = path;
        _options = options;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        _writer = Open();
        Execute(_writer, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS demonstrations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                model TEXT NOT NULL,
                user_id TEXT NOT NULL,
                shareable INTEGER NOT NULL,
                topic TEXT NOT NULL,
                time_ms INTEGER NOT NULL,
                prompt TEXT NOT NULL,
                response TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS demonstrations_model_time ON demonstrations (model, time_ms);
            """);
        _queue = Channel.CreateBounded<WriteOperation>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writerTask = Task.Run(WriteLoopAsync);
    }

    /// <summary>The SQLite file.</summary>
    public string FilePath { get; }

    /// <summary>Demonstrations <see cref="TryRecord"/> turned away because the queue was full (since open).</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Demonstrations lost because their batch failed to commit (since open; the error went to <see cref="FlushAsync"/>).</summary>
    public long FailedCount => Interlocked.Read(ref _failed);

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/> and starts its writer.</summary>
    /// <exception cref="EdgeDataException">The file cannot be opened as a demonstration store.</exception>
    public static DemonstrationStore Open(string path, DemonstrationStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new DemonstrationStoreOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options));
        try
        {
            return new DemonstrationStore(Path.GetFullPath(path), options);
        }
        catch (SqliteException ex)
        {
            throw new EdgeDataException(path, 0, $"cannot open the demonstration store ({ex.Message}); pass a writable SQLite file path.", ex);
        }
    }

    /// <summary>
    /// Enqueues <paramref name="demonstration"/> for the writer without waiting (its <see cref="StoredDemonstration.Id"/> is
    /// ignored). False when the queue is full or the store is closing: the request path never waits for storage.
    /// </summary>
    public bool TryRecord(StoredDemonstration demonstration)
    {
        ArgumentNullException.ThrowIfNull(demonstration);
        if (_queue.Writer.TryWrite(WriteOperation.Insert(demonstration)))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Enqueues <paramref name="demonstration"/>, waiting for room in the queue (for batch loaders, not requests).</summary>
    public ValueTask RecordAsync(StoredDemonstration demonstration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(demonstration);
        return _queue.Writer.WriteAsync(WriteOperation.Insert(demonstration), cancellationToken);
    }

    /// <summary>Completes when every demonstration enqueued before the call is committed; throws the commit error if one failed.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var operation = WriteOperation.Flush();
        await _queue.Writer.WriteAsync(operation, cancellationToken).ConfigureAwait(false);
        await operation.Done!.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes every demonstration of <paramref name="model"/> (after those enqueued before the call are written, so none
    /// survives) and returns how many rows were deleted.
    /// </summary>
    public async Task<int> DeleteModelAsync(ModelId model, CancellationToken cancellationToken = default)
    {
        var operation = WriteOperation.Delete(model);
        await _queue.Writer.WriteAsync(operation, cancellationToken).ConfigureAwait(false);
        return await operation.Done!.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes what is queued, stops the writer and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writerTask.ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();

        // FULL syncs the WAL at every commit: committed means on disk, not only in the page cache.
        Execute(connection, "PRAGMA synchronous=FULL;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<WriteOperation>(_options.BatchSize);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _options.BatchSize && _queue.Reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }

            try
            {
                var results = Commit(batch);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done?.TrySetResult(results[i]);
                }
            }
            catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException)
            {
                Interlocked.Add(ref _failed, batch.Count(o => o.Demonstration is not null));
                foreach (var operation in batch)
                {
                    operation.Done?.TrySetException(new IOException($"{FilePath}: writing demonstrations failed: {ex.Message}", ex));
                }
            }
        }
    }

    /// <summary>Runs one batch in one immediate transaction; returns each operation's result (rows deleted for deletes).</summary>
    private int[] Commit(List<WriteOperation> batch)
    {
        var results = new int[batch.Count];
        using var transaction = _writer.BeginTransaction(deferred: false);
        using var insert = _writer.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO demonstrations (model, user_id, shareable, topic, time_ms, prompt, response)
            VALUES ($model, $user, $shareable, $topic, $time, $prompt, $response);
            """;
        var model = insert.Parameters.Add("$model", SqliteType.Text);
        var user = insert.Parameters.Add("$user", SqliteType.Text);
        var shareable = insert.Parameters.Add("$shareable", SqliteType.Integer);
        var topic = insert.Parameters.Add("$topic", SqliteType.Text);
        var time = insert.Parameters.Add("$time", SqliteType.Integer);
        var prompt = insert.Parameters.Add("$prompt", SqliteType.Text);
        var response = insert.Parameters.Add("$response", SqliteType.Text);
        for (var i = 0; i < batch.Count; i++)
        {
            var operation = batch[i];
            if (operation.Demonstration is { } d)
            {
                model.Value = d.Model.Value;
                user.Value = d.User.Value;
                shareable.Value = d.Shareable ? 1 : 0;
                topic.Value = d.Topic;
                time.Value = d.Time.ToUnixTimeMilliseconds();
                prompt.Value = d.Prompt;
                response.Value = d.Response;
                insert.ExecuteNonQuery();
            }
            else if (operation.DeleteModel is { } deleted)
            {
                using var delete = _writer.CreateCommand();
                delete.Transaction = transaction;
                delete.CommandText = "DELETE FROM demonstrations WHERE model = $model;";
                delete.Parameters.AddWithValue("$model", deleted.Value);
                results[i] = delete.ExecuteNonQuery();
            }
        }

        transaction.Commit();
        return results;
    }

    private sealed class WriteOperation
    {
        public StoredDemonstration? Demonstration { get; private init; }

        public ModelId? DeleteModel { get; private init; }

        public TaskCompletionSource<int>? Done { get; private init; }

        public static WriteOperation Insert(StoredDemonstration demonstration) => new() { Demonstration = demonstration };

        public static WriteOperation Flush() => new() { Done = new(TaskCreationOptions.RunContinuationsAsynchronously) };

        public static WriteOperation Delete(ModelId model) => new() { DeleteModel = model, Done = new(TaskCreationOptions.RunContinuationsAsynchronously) };
    }
}
