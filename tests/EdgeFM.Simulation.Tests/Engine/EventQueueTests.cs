using EdgeFM.Simulation.Engine;

namespace EdgeFM.Simulation.Tests.Engine;

public sealed class EventQueueTests
{
    [Fact]
    public void Events_come_out_by_time_then_priority_then_insertion_order()
    {
        var queue = new EventQueue(2);
        queue.Schedule(10, 1, kind: 1, subject: 0);
        queue.Schedule(5, 0, kind: 2, subject: 0);
        queue.Schedule(10, 0, kind: 3, subject: 0);
        queue.Schedule(10, 1, kind: 4, subject: 0);
        queue.Schedule(10, 0, kind: 5, subject: 0);
        var kinds = new List<int>();
        while (queue.TryDequeue(out var e))
        {
            kinds.Add(e.Kind);
        }

        Assert.Equal([2, 3, 5, 1, 4], kinds);
        Assert.Equal(10, queue.Now);
    }

    [Fact]
    public void Dequeue_and_schedule_is_equivalent_to_dequeue_then_schedule()
    {
        var random = new Random(3);
        var a = new EventQueue();
        var b = new EventQueue();
        for (var i = 0; i < 50; i++)
        {
            var t = random.Next(100);
            a.Schedule(t, 0, 0, i);
            b.Schedule(t, 0, 0, i);
        }

        for (var step = 0; step < 500; step++)
        {
            Assert.True(a.TryPeek(out var head));
            var next = head.Time + random.Next(100);
            a.TryDequeueAndSchedule(out var fromA, next, 0, 0, head.Subject);
            b.TryDequeue(out var fromB);
            b.Schedule(next, 0, 0, fromB.Subject);
            Assert.Equal((fromA.Time, fromA.Subject), (fromB.Time, fromB.Subject));
        }
    }

    [Fact]
    public void Scheduling_in_the_past_is_rejected()
    {
        var queue = new EventQueue();
        queue.Schedule(10, 0, 0, 0);
        queue.TryDequeue(out _);
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.Schedule(9, 0, 0, 0));
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(7, 30)]
    [InlineData(11, 1_000_000)]
    public void Interleaved_schedules_and_dequeues_match_a_sorted_reference(int seed, int timeRange)
    {
        // Narrow time ranges force many equal times (the full-ordering fallback); wide ones exercise the fast path.
        var random = new Random(seed);
        var queue = new EventQueue(4);
        var pending = new List<SimEvent>();
        long sequence = 0;
        for (var step = 0; step < 5000; step++)
        {
            if (pending.Count == 0 || random.Next(3) > 0)
            {
                var time = queue.Now + random.Next(timeRange);
                var priority = random.Next(3);
                queue.Schedule(time, priority, kind: 0, subject: step);
                pending.Add(new SimEvent(time, priority, sequence++, 0, step));
                continue;
            }

            var expected = pending[0];
            foreach (var e in pending)
            {
                expected = e.Precedes(expected) ? e : expected;
            }

            pending.Remove(expected);
            Assert.True(queue.TryDequeue(out var actual));
            Assert.Equal(expected, actual);
        }

        Assert.Equal(pending.Count, queue.Count);
    }
}
