using EdgeFM.Simulation.Engine;

namespace EdgeFM.Simulation.Tests.Engine;

/// <summary>The engine against queueing theory: an M/M/1 queue's mean wait in queue is Wq = ρ / (μ − λ).</summary>
public sealed class MM1QueueTests
{
    private const int Arrival = 0;
    private const int Departure = 1;
    private const double TicksPerSecond = 1_000_000;

    [Theory]
    [InlineData(0.5, 1.0, 11)]
    [InlineData(0.8, 1.0, 12)]
    public void Mean_waiting_time_matches_the_analytical_value(double lambda, double mu, int seed)
    {
        const int customers = 400_000;
        var random = new Random(seed);
        var queue = new EventQueue();
        var waiting = new Queue<long>();
        var busy = false;
        long served = 0;
        double totalWait = 0;
        var batchMeans = new List<double>();
        double batchWait = 0;
        const int batch = 20_000;
        long arrivals = 0;

        long Exp(double rate) => (long)(-Math.Log(1 - random.NextDouble()) / rate * TicksPerSecond);

        queue.Schedule(Exp(lambda), 0, Arrival, 0);
        while (served < customers && queue.TryDequeue(out var e))
        {
            if (e.Kind == Arrival)
            {
                arrivals++;
                queue.Schedule(e.Time + Exp(lambda), 0, Arrival, 0);
                if (busy)
                {
                    waiting.Enqueue(e.Time);
                }
                else
                {
                    busy = true;
                    Record(0);
                    queue.Schedule(e.Time + Exp(mu), 1, Departure, 0);
                }
            }
            else if (waiting.Count > 0)
            {
                Record((e.Time - waiting.Dequeue()) / TicksPerSecond);
                queue.Schedule(e.Time + Exp(mu), 1, Departure, 0);
            }
            else
            {
                busy = false;
            }
        }

        void Record(double wait)
        {
            served++;
            totalWait += wait;
            batchWait += wait;
            if (served % batch == 0)
            {
                batchMeans.Add(batchWait / batch);
                batchWait = 0;
            }
        }

        var expected = lambda / mu / (mu - lambda);
        var mean = totalWait / served;

        // Batch means give the run's own 95% interval; the analytical value must fall inside a slightly widened one.
        var m = batchMeans.Average();
        var sd = Math.Sqrt(batchMeans.Sum(x => (x - m) * (x - m)) / (batchMeans.Count - 1));
        var halfWidth = 2.1 * sd / Math.Sqrt(batchMeans.Count);
        Assert.InRange(expected, mean - (1.5 * halfWidth), mean + (1.5 * halfWidth));
        Assert.InRange(mean / expected, 0.93, 1.07);
        Assert.True(arrivals >= customers);
    }
}
