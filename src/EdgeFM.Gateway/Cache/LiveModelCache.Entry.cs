using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Catalog;

namespace EdgeFM.Gateway.Cache;

public sealed partial class LiveModelCache
{
    /// <summary>One model or child (adapter) entry. Every field is read and written under the cache's lock.</summary>
    private sealed class Entry(ModelEntry model, Entry? parent, Func<ModelBackend, CancellationToken, Task<ModelBackend>>? loadChild)
    {
        public ModelEntry Model { get; } = model;

        public string Id => Model.Id;

        /// <summary>The base model of an adapter; null for a model.</summary>
        public Entry? Parent { get; } = parent;

        /// <summary>Loads an adapter over its parent's backend; null for a model.</summary>
        public Func<ModelBackend, CancellationToken, Task<ModelBackend>>? LoadChild { get; } = loadChild;

        public List<Entry> Children { get; } = [];

        public ModelState State { get; set; }

        /// <summary>Bytes reserved while loading or loaded (this entry's own).</summary>
        public long Bytes { get; set; }

        public long EstimatedBytes { get; set; }

        public long? MeasuredBytes { get; set; }

        public ModelBackend? Backend { get; set; }

        public ServingClients Clients { get; set; }

        public LoadOperation? Load { get; set; }

        public int InFlight { get; set; }

        public bool Pinned { get; set; }

        public long Requests { get; set; }

        public DateTimeOffset LoadStartedAt { get; set; }

        public DateTimeOffset? LoadedAt { get; set; }

        public DateTimeOffset? LastUse { get; set; }

        /// <summary>The file as it was when the current load started (compared on every lease).</summary>
        public FileIdentity LoadedIdentity { get; set; }

        /// <summary>Why the entry cannot be loaded (with <see cref="ModelState.Failed"/>).</summary>
        public string? Failure { get; set; }

        /// <summary>The file as it was when it failed: a change means it may be whole again.</summary>
        public FileIdentity FailedIdentity { get; set; }

        /// <summary>Set when the file changed under a loaded copy still in use: unloaded when the last lease ends.</summary>
        public bool Stale { get; set; }

        /// <summary>Bytes evicting this entry frees: its own and its loaded children's.</summary>
        public long FreedByEviction => Bytes + Children.Sum(c => c.State == ModelState.Unloaded || c.State == ModelState.Failed ? 0 : c.Bytes);
    }

    private enum LoadResult
    {
        Loaded,
        Failed,
        Conflict,
    }

    private sealed class LoadOperation
    {
        public TaskCompletionSource<LoadResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Requests waiting for this load; each is leased in one step when it succeeds.</summary>
        public int Waiters { get; set; }

        public bool Completed { get; set; }

        public LoadResult Result { get; set; }
    }
}
