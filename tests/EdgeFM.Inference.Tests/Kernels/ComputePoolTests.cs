using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Tests.Kernels;

public sealed class ComputePoolTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 5)]
    [InlineData(2, 1)]
    [InlineData(2, 1000)]
    [InlineData(4, 37)]
    public void Every_chunk_runs_exactly_once(int threads, int chunks)
    {
        using var pool = new ComputePool(threads);
        for (var repeat = 0; repeat < 50; repeat++)
        {
            var counts = new int[chunks];
            pool.For(chunks, i => Interlocked.Increment(ref counts[i]));
            Assert.All(counts, c => Assert.Equal(1, c));
        }
    }

    [Fact]
    public void Struct_jobs_run_without_allocating_and_write_back_nothing_unexpected()
    {
        using var pool = new ComputePool(2);
        var results = new long[64];
        var job = new SquareJob(results);
        pool.Run(ref job, results.Length);
        Assert.Equal(0, AllocationProbe.AllocatedBytes(() =>
        {
            for (var k = 0; k < 1000; k++)
            {
                pool.Run(ref job, results.Length);
            }
        }));
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal((long)i * i, results[i]);
        }
    }

    [Fact]
    public void An_exception_in_a_chunk_reaches_the_caller_and_the_pool_keeps_working()
    {
        using var pool = new ComputePool(2);
        var error = Assert.Throws<InvalidOperationException>(() => pool.For(100, i =>
        {
            if (i == 42)
            {
                throw new InvalidOperationException("chunk 42 failed");
            }
        }));
        Assert.Equal("chunk 42 failed", error.Message);

        var sum = 0;
        pool.For(10, i => Interlocked.Add(ref sum, i));
        Assert.Equal(45, sum);
    }

    [Fact]
    public void Workers_that_went_to_sleep_wake_up_for_the_next_dispatch()
    {
        using var pool = new ComputePool(3);
        pool.For(3, _ => { });
        Thread.Sleep(ComputePool.SpinTime * 20);
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        pool.For(300, _ =>
        {
            threads[Environment.CurrentManagedThreadId] = true;
            Thread.SpinWait(2000);
        });

        Assert.NotEmpty(threads);
    }

    [Fact]
    public void Dispatches_from_several_threads_and_from_inside_a_job_complete()
    {
        using var pool = new ComputePool(2);
        var total = 0;
        Parallel.For(0, 8, _ =>
        {
            for (var k = 0; k < 50; k++)
            {
                pool.For(4, _ => pool.For(2, _ => Interlocked.Increment(ref total)));
            }
        });

        Assert.Equal(8 * 50 * 4 * 2, total);
    }

    private readonly struct SquareJob(long[] results) : IComputeJob
    {
        public void Execute(int chunk) => results[chunk] = (long)chunk * chunk;
    }
}
