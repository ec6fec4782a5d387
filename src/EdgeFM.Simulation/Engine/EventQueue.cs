using System.Runtime.CompilerServices;

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

    // _times[i] == _heap[i].Time: a sift compares four siblings' times from one 32-byte run instead of four 32-byte
    // events, and picks the earliest with conditional moves; only equal times fall back to the full ordering.
    private long[] _times;
    private long _sequence;

    /// <summary>Creates an empty queue with room for <paramref name="capacity"/> events before it grows.</summary>
    public EventQueue(int capacity = 64)
    {
        _heap = new SimEvent[Math.Max(capacity, 4)];
        _times = new long[_heap.Length];
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
            Array.Resize(ref _times, _heap.Length);
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
            _times[index] = _times[parent];
            index = parent;
        }

        _heap[index] = item;
        _times[index] = time;
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
        var times = _times;
        var count = Count;
        var index = 0;
        while (true)
        {
            var first = (4 * index) + 1;
            if (first >= count)
            {
                break;
            }

            int child;
            long childTime;
            if (first + 4 <= count)
            {
                // A full group of four: a branch-free tournament on times, since which sibling is earliest is
                // unpredictable; ties on time (rare) are settled by the full ordering below.
                // Times are ≥ 0 ticks, so differences cannot overflow; (d >> 63) is all ones exactly when d < 0.
                ref var group = ref times[first];
                var t0 = group;
                var t1 = Unsafe.Add(ref group, 1);
                var t2 = Unsafe.Add(ref group, 2);
                var t3 = Unsafe.Add(ref group, 3);
                var maskA = (t1 - t0) >> 63;
                var ta = t0 + ((t1 - t0) & maskA);
                var a = first + (int)(maskA & 1);
                var maskB = (t3 - t2) >> 63;
                var tb = t2 + ((t3 - t2) & maskB);
                var b = first + 2 + (int)(maskB & 1);
                var maskC = (tb - ta) >> 63;
                childTime = ta + ((tb - ta) & maskC);
                child = a + ((b - a) & (int)maskC);
                if ((t0 == t1) | (t2 == t3) | (ta == tb))
                {
                    child = EarliestOf(heap, first, first + 4);
                    childTime = times[child];
                }
            }
            else
            {
                child = EarliestOf(heap, first, count);
                childTime = times[child];
            }

            if (childTime > item.Time || (childTime == item.Time && !heap[child].Precedes(item)))
            {
                break;
            }

            heap[index] = heap[child];
            times[index] = childTime;
            index = child;
        }

        heap[index] = item;
        times[index] = item.Time;
    }

    private static int EarliestOf(SimEvent[] heap, int first, int end)
    {
        var child = first;
        for (var c = first + 1; c < end; c++)
        {
            if (heap[c].Precedes(heap[child]))
            {
                child = c;
            }
        }

        return child;
    }
}
