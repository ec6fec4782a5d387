namespace EdgeFM.Core.Context;

/// <summary>
/// The demonstrations a cached model has accumulated, bounded by the model's context capacity: when full, a new
/// example replaces the oldest. Allocates only in its constructor. Not thread-safe.
/// </summary>
public sealed class ContextStore
{
    private readonly Demonstration[] _items;
    private int _next;
    private double _lastTime = double.NegativeInfinity;

    /// <summary>Creates an empty store that keeps at most <paramref name="capacity"/> examples (≥ 1).</summary>
    public ContextStore(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _items = new Demonstration[capacity];
    }

    /// <summary>Maximum number of examples kept.</summary>
    public int Capacity => _items.Length;

    /// <summary>Number of examples held.</summary>
    public int Count { get; private set; }

    /// <summary>The examples held, in no particular order.</summary>
    public ReadOnlySpan<Demonstration> Items => _items.AsSpan(0, Count);

    /// <summary>True while examples were added in non-decreasing time order (then the newest is scanned first).</summary>
    public bool IsChronological { get; private set; } = true;

    /// <summary>The <paramref name="age"/>-th newest example (0 = newest); valid for 0 ≤ age &lt; <see cref="Count"/>.</summary>
    internal ref readonly Demonstration Newest(int age)
    {
        var index = _next - 1 - age;
        return ref _items[index < 0 ? index + _items.Length : index];
    }

    /// <summary>Adds an example, replacing the oldest when the store is full.</summary>
    public void Add(Demonstration example)
    {
        if (example.Time < _lastTime)
        {
            IsChronological = false;
        }

        _lastTime = example.Time;
        _items[_next] = example;
        _next = _next + 1 == _items.Length ? 0 : _next + 1;
        if (Count < _items.Length)
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
