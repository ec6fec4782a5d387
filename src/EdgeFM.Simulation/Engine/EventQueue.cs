namespace EdgeFM.Simulation.Engine;

/// <summary>
/// The engine's future-event list: a 4-ary min-heap of <see cref="SimEvent"/> structs ordered by
/// (time, priority, insertion sequence); half a binary heap's depth, and the order is total, so events leave in the
/// same order as from any other heap. Enqueue and dequeue are O(log n) and allocate only when the heap grows.
/// The clock (<see cref="Now"/>) advances as events are dequeued and never goes backwards.
/// </summary>
public sealed class EventQueue
{
    private SimEvent[] _heap;
    private long _sequence;

    /// <summary>Creates an empty queue with room for <paramref name="capacity"/> events before it grows.</summary>
    public EventQueue(int capacity = 64)
    {
        _heap = new SimEvent[Math.Max(capacity, 4)];
    }

    /// <summary>Number of pending events.</summary>
    public int Count { get; private set; }

    /// <summary>Time of the last dequeued event, in ticks (0 before the first).</summary>
    public long Now { get; private set; }

    /// <summary>Schedules an event at <paramref name="time"/> (≥ <see cref="Now"/>).</summary>
    public void Schedule(long time, int priority, int kind, int subject)
    {
        if (time < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, $"Cannot schedule an event in the past (now is {Now}).");
        }

        if (Count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        var item = new SimEvent(time, priority, _sequence++, kind, subject);
        var index = Count++;
        while (index > 0)
        {
            var parent = (index - 1) >> 2;
            if (!item.Precedes(_heap[parent]))
            {
                break;
            }

            _heap[index] = _heap[parent];
            index = parent;
        }

        _heap[index] = item;
    }

    /// <summary>Removes the earliest event and advances the clock to it; false when the queue is empty.</summary>
    public bool TryDequeue(out SimEvent next)
    {
        if (Count == 0)
        {
            next = default;
            return false;
        }

        next = _heap[0];
        Now = next.Time;
        var last = _heap[--Count];
        if (Count > 0)
        {
            SiftDown(last);
        }

        return true;
    }

    /// <summary>
    /// Removes the earliest event and, in the same pass, schedules a follow-up (cheaper than dequeue + schedule):
    /// the typical step of a source that always has one pending event. False when the queue is empty.
    /// </summary>
    public bool TryDequeueAndSchedule(out SimEvent next, long time, int priority, int kind, int subject)
    {
        if (Count == 0)
        {
            next = default;
            return false;
        }

        next = _heap[0];
        Now = next.Time;
        if (time < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, $"Cannot schedule an event in the past (now is {Now}).");
        }

        SiftDown(new SimEvent(time, priority, _sequence++, kind, subject));
        return true;
    }

    /// <summary>The earliest pending event without removing it.</summary>
    public bool TryPeek(out SimEvent next)
    {
        next = Count > 0 ? _heap[0] : default;
        return Count > 0;
    }

    private void SiftDown(SimEvent item)
    {
        var heap = _heap;
        var count = Count;
        var index = 0;
        while (true)
        {
            var first = (4 * index) + 1;
            if (first >= count)
            {
                break;
            }

            var child = first;
            var end = Math.Min(first + 4, count);
            for (var c = first + 1; c < end; c++)
            {
                if (heap[c].Precedes(heap[child]))
                {
                    child = c;
                }
            }

            if (!heap[child].Precedes(item))
            {
                break;
            }

            heap[index] = heap[child];
            index = child;
        }

        heap[index] = item;
    }
}
