using System.Globalization;
using EdgeFM.Gateway.Cache;

namespace EdgeFM.Gateway.Dashboard;

/// <summary>
/// A bounded in-memory log of what the cache did (loads, evictions, unloads) with the reasons, newest replacing oldest
/// beyond <see cref="Capacity"/>. The cache writes to it (<see cref="ICacheEventSink"/>, under the cache's lock, so
/// every method here is quick and calls nothing outside the log); a policy eviction's reason comes from
/// <see cref="EvictionReasons"/>, which saw the policy decide. <see cref="Changed"/> wakes live views. Thread-safe.
/// </summary>
public sealed class GatewayEventLog : ICacheEventSink
{
    /// <summary>Events kept.</summary>
    public const int Capacity = 256;

    private readonly Lock _gate = new();
    private readonly GatewayEvent[] _ring = new GatewayEvent[Capacity];
    private readonly Dictionary<(string Victim, string For), string> _reasons = [];
    private readonly Queue<(string Victim, string For)> _reasonOrder = new();
    private readonly Dictionary<string, string> _loads = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly string _policy;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;

    /// <summary>Creates an empty log.</summary>
    /// <param name="policy">The cache policy's name, for eviction reasons.</param>
    /// <param name="time">The gateway's clock.</param>
    public GatewayEventLog(string policy, TimeProvider time)
    {
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The sequence number of the latest event (0 before the first).</summary>
    public long LastSequence
    {
        get
        {
            lock (_gate)
            {
                return _sequence;
            }
        }
    }

    /// <summary>Completes at the next event.</summary>
    public Task Changed
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>The latest <paramref name="count"/> events (at most <see cref="Capacity"/>), newest first.</summary>
    public IReadOnlyList<GatewayEvent> Latest(int count)
    {
        lock (_gate)
        {
            var take = (int)Math.Min(Math.Min(count, Capacity), _sequence);
            var list = new List<GatewayEvent>(Math.Max(take, 0));
            for (var i = 0; i < take; i++)
            {
                list.Add(_ring[(_sequence - 1 - i) % Capacity]);
            }

            return list;
        }
    }

    /// <inheritdoc />
    public void LoadStarted(string model, long bytes)
    {
        string reason;
        lock (_gate)
        {
            reason = _loads.Remove(model, out var why) ? why : "loaded on request";
        }

        Add(GatewayEventKinds.Load, model, bytes, reason);
    }

    /// <inheritdoc />
    public void LoadFinished(string model, long bytes, double seconds, string? failure)
    {
        var took = seconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";
        if (failure is null)
        {
            Add(GatewayEventKinds.Loaded, model, bytes, "loaded in " + took);
        }
        else
        {
            Add(GatewayEventKinds.LoadFailed, model, bytes, failure);
        }
    }

    /// <inheritdoc />
    public void Evicted(string model, long bytes, string reason, string? forModel)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (string.Equals(reason, "operator", StringComparison.Ordinal))
        {
            Add(GatewayEventKinds.Unloaded, model, bytes, "unloaded by an operator");
            return;
        }

        if (!string.Equals(reason, "policy", StringComparison.Ordinal) || forModel is null)
        {
            Add(GatewayEventKinds.Evicted, model, bytes, reason);
            return;
        }

        string text;
        lock (_gate)
        {
            text = _reasons.Remove((model, forModel), out var why)
                ? why
                : $"{_policy} evicted it to make room for {forModel}";
        }

        Add(GatewayEventKinds.Evicted, model, bytes, text);
    }

    /// <summary>Keeps the reason the policy chose <paramref name="victim"/> for <paramref name="forModel"/>, for the eviction that may follow.</summary>
    internal void NoteReason(string victim, string forModel, string reason)
    {
        lock (_gate)
        {
            if (_reasons.TryAdd((victim, forModel), reason))
            {
                _reasonOrder.Enqueue((victim, forModel));
            }
            else
            {
                _reasons[(victim, forModel)] = reason;
            }

            // Decisions that were never carried out (the request went to the cloud, the cache changed) leave reasons
            // behind; keep only the latest few.
            while (_reasonOrder.Count > 64)
            {
                _reasons.Remove(_reasonOrder.Dequeue());
            }
        }
    }

    /// <summary>
    /// Logs a prefetch order for <paramref name="model"/> (<paramref name="bytes"/> to reserve) with the forecast behind
    /// it, and keeps the reasons for the load and the evictions of <paramref name="victims"/> that follow.
    /// </summary>
    internal void Prefetching(string model, long bytes, string reason, IReadOnlyList<string> victims)
    {
        foreach (var victim in victims)
        {
            NoteReason(victim, model, $"{_policy} evicted it to prefetch {model}: forecast to be asked for less here");
        }

        NoteLoad(model, victims.Count == 0 ? "prefetched, into free memory" : "prefetched, evicting " + string.Join(", ", victims));
        Add(GatewayEventKinds.Prefetch, model, bytes, reason);
    }

    /// <summary>Keeps why the policy would load <paramref name="model"/>, for the load that may follow.</summary>
    internal void NoteLoad(string model, string reason)
    {
        lock (_gate)
        {
            // One entry per model of the catalog at most, so the map stays small.
            _loads[model] = reason;
        }
    }

    private void Add(string kind, string model, long bytes, string reason)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _sequence++;
            _ring[(_sequence - 1) % Capacity] = new GatewayEvent(_sequence, _time.GetUtcNow(), kind, model, bytes, reason);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
    }
}
