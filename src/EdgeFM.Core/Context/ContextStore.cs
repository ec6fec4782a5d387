namespace EdgeFM.Core.Context;

/// <summary>
/// The demonstrations a cached model has accumulated, bounded by the model's context capacity: when full, a new
/// example replaces the oldest. Allocates only in its constructor. Not thread-safe.
/// </summary>
public sealed class ContextStore
{
    private readonly Demonstration[] _items;
    private readonly int _offset;
    private readonly int _capacity;
    private int _next;
    private double _lastTime = double.NegativeInfinity;

    /// <summary>Creates an empty store that keeps at most <paramref name="capacity"/> examples (≥ 1).</summary>
    public ContextStore(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _items = new Demonstration[capacity];
        _capacity = capacity;
    }

    /// <summary>
    /// Creates an empty store over <paramref name="capacity"/> slots of <paramref name="buffer"/> from
    /// <paramref name="offset"/>, so a cache can pack the stores it scans together into one contiguous array.
    /// </summary>
    internal ContextStore(Demonstration[] buffer, int offset, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + capacity, buffer.Length, nameof(capacity));
        _items = buffer;
        _offset = offset;
        _capacity = capacity;
    }

    /// <summary>Maximum number of examples kept.</summary>
    public int Capacity => _capacity;

    /// <summary>Number of examples held.</summary>
    public int Count { get; private set; }

    /// <summary>The examples held, in no particular order.</summary>
    public ReadOnlySpan<Demonstration> Items => _items.AsSpan(_offset, Count);

    /// <summary>True while examples were added in non-decreasing time order (then the newest is scanned first).</summary>
    public bool IsChronological { get; private set; } = true;

    /// <summary>The ring buffer itself, <see cref="Capacity"/> slots (for allocation-free scans inside Core).</summary>
    internal Span<Demonstration> Buffer => _items.AsSpan(_offset, _capacity);

    /// <summary>Index in <see cref="Buffer"/> of the newest example (meaningful when <see cref="Count"/> &gt; 0).</summary>
    internal int NewestIndex => _next == 0 ? _capacity - 1 : _next - 1;

    /// <summary>Adds an example, replacing the oldest when the store is full.</summary>
    public void Add(Demonstration example)
    {
        if (example.Time < _lastTime)
        {
            IsChronological = false;
        }

        _lastTime = example.Time;
        _items[_offset + _next] = example;
        _next = _next + 1 == _capacity ? 0 : _next + 1;
        if (Count < _capacity)
        {
            Count++;
        }
    }

    /// <summary>Discards every example (the model was evicted and its context is lost).</summary>
    public void Clear()
    {
        Count = 0;
        _next = 0;
        _lastTime = double.NegativeInfinity;
        IsChronological = true;
    }
}
