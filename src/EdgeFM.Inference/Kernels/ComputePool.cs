using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// The worker threads a model's kernels run on. One pool per loaded model (or the shared one) bounds the cores a
/// generation uses; <c>edgefm generate --threads N</c> creates a pool of N.
/// </summary>
/// <remarks>
/// <para>A pool of N threads owns N − 1 persistent background workers; the calling thread is the N-th. A dispatch
/// publishes the job, opens it, bumps a generation counter and wakes only workers that went to sleep; workers that
/// join while it is open and the caller claim chunk indices from one atomic counter (dynamic load balance). Once every
/// chunk is claimed the caller closes the dispatch and waits only for the workers that joined, so on an oversubscribed
/// machine a worker that is not scheduled in time costs nothing: the caller does its share.</para>
/// <para>An idle worker spins for <see cref="SpinTime"/> before it blocks, so back-to-back dispatches (the ~40
/// mat-vecs of one decoded token) cost well under a microsecond each and allocate nothing. Dispatches from
/// different threads are serialized; a dispatch from inside a job runs inline on the calling worker.</para>
/// </remarks>
public sealed unsafe class ComputePool : IDisposable
{
    /// <summary>
    /// How long an idle worker spins waiting for the next dispatch before it blocks by default: long enough to bridge
    /// the gaps between the kernels of one token (microseconds), short enough not to steal a busy machine's cores.
    /// </summary>
    public static readonly TimeSpan SpinTime = TimeSpan.FromMicroseconds(200);

    private const long OpenBit = 1L << 62;
    private const long JoinedMask = 0xFFFF_FFFF;

    private static readonly Lazy<ComputePool> SharedLazy = new(() => new ComputePool(Environment.ProcessorCount));

    [ThreadStatic]
    private static ComputePool? t_workerOf;

    private readonly Thread[] _workers;
    private readonly Lock _dispatch = new();
    private readonly object _sleep = new();
    private readonly long _spinTicks;

    // Published job: a pointer to the caller's stack copy and the static generic trampoline that runs it.
    private void* _job;
    private delegate*<void*, int, void> _execute;
    private int _chunks;
    private int _nextChunk;

    // Bit 62: the dispatch is open for workers to join; low 32 bits: how many joined. Workers that wake up after the
    // caller closed the dispatch (all chunks claimed) stay out, so a descheduled worker never delays a dispatch.
    private long _state;
    private int _left;
    private long _generation;
    private int _sleepers;
    private volatile bool _disposed;
    private bool _inDispatch;
    private ExceptionDispatchInfo? _failure;

    private byte* _scratch;
    private nuint _scratchBytes;

    /// <summary>Creates a pool of <paramref name="threads"/> workers (the calling thread counts as one).</summary>
    public ComputePool(int threads)
        : this(threads, SpinTime)
    {
    }

    /// <summary>
    /// Creates a pool of <paramref name="threads"/> workers whose idle workers spin for <paramref name="spinTime"/>
    /// before blocking (zero: block at once, for machines shared with other work).
    /// </summary>
    public ComputePool(int threads, TimeSpan spinTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(spinTime, TimeSpan.Zero);
        Threads = threads;
        _spinTicks = (long)(spinTime.TotalSeconds * Stopwatch.Frequency);
        _workers = new Thread[threads - 1];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"EdgeFM compute {i + 1}/{threads}" };
            _workers[i].Start();
        }
    }

    /// <summary>A pool with one worker per processor.</summary>
    public static ComputePool Shared => SharedLazy.Value;

    /// <summary>Number of threads work is split across.</summary>
    public int Threads { get; }

    /// <summary>Runs <paramref name="body"/>(chunk) for chunk in [0, chunks) across the pool's threads and waits.</summary>
    public void For(int chunks, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var job = new ActionJob(body);
        Run(ref job, chunks);
    }

    /// <summary>
    /// Runs <paramref name="job"/>.Execute(chunk) for chunk in [0, chunks) across the pool's threads and waits;
    /// allocates nothing. The first exception a chunk throws is rethrown here after all chunks have stopped.
    /// </summary>
    public void Run<TJob>(ref TJob job, int chunks)
        where TJob : struct, IComputeJob
    {
        if (chunks <= 0)
        {
            return;
        }

        if (_workers.Length == 0 || chunks == 1 || t_workerOf == this || (_inDispatch && _dispatch.IsHeldByCurrentThread))
        {
            for (var i = 0; i < chunks; i++)
            {
                job.Execute(i);
            }

            return;
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        using (_dispatch.EnterScope())
        {
            // Workers read the job through this pointer only between joining and leaving, and the wait below outlasts them while
            // this frame (and the stack-allocated copy) is still alive.
            _inDispatch = true;
            var local = job;
            _job = Unsafe.AsPointer(ref local);
            _execute = &Trampoline<TJob>;
            _chunks = chunks;
            _nextChunk = 0;
            _failure = null;
            _left = 0;
            Interlocked.Exchange(ref _state, OpenBit);
            Interlocked.Increment(ref _generation);
            if (Interlocked.CompareExchange(ref _sleepers, 0, 0) > 0)
            {
                lock (_sleep)
                {
                    Monitor.PulseAll(_sleep);
                }
            }

            RunChunks();
            var joined = (int)(Interlocked.And(ref _state, ~OpenBit) & JoinedMask);
            var spinner = default(SpinWait);
            while (Volatile.Read(ref _left) != joined)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }

            _job = null;
            _inDispatch = false;
            job = local;
            _failure?.Throw();
        }
    }

    private static void Trampoline<TJob>(void* job, int chunk)
        where TJob : struct, IComputeJob => Unsafe.AsRef<TJob>(job).Execute(chunk);

    private void RunChunks()
    {
        try
        {
            int chunk;
            while ((chunk = Interlocked.Increment(ref _nextChunk) - 1) < _chunks)
            {
                _execute(_job, chunk);
            }
        }
        catch (Exception ex)
        {
            // Stop handing out chunks; the dispatcher rethrows the first failure.
            Volatile.Write(ref _nextChunk, int.MaxValue / 2);
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(ex), null);
        }
    }

    private void WorkerLoop()
    {
        t_workerOf = this;
        long seen = 0;
        while (true)
        {
            seen = WaitForGeneration(seen);
            if (_disposed)
            {
                return;
            }

            if (TryJoin())
            {
                RunChunks();
                Interlocked.Increment(ref _left);
            }
        }
    }

    private bool TryJoin()
    {
        while (true)
        {
            var state = Interlocked.Read(ref _state);
            if ((state & OpenBit) == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                return true;
            }
        }
    }

    private long WaitForGeneration(long seen)
    {
        var start = Stopwatch.GetTimestamp();
        var spins = 0;
        while (true)
        {
            var generation = Interlocked.Read(ref _generation);
            if (generation != seen || _disposed)
            {
                return generation;
            }

            if (++spins % 64 != 0 || Stopwatch.GetTimestamp() - start < _spinTicks)
            {
                Thread.SpinWait(8);
                continue;
            }

            lock (_sleep)
            {
                // Announce the sleep before re-checking, so a dispatcher either sees a sleeper or we see its generation.
                Interlocked.Increment(ref _sleepers);
                while (Interlocked.Read(ref _generation) == seen && !_disposed)
                {
                    Monitor.Wait(_sleep);
                }

                Interlocked.Decrement(ref _sleepers);
            }

            spins = 0;
            start = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>
    /// A reusable native buffer of at least <paramref name="bytes"/> bytes, 64-byte aligned, for a kernel's per-call
    /// scratch (quantized activations). Valid until the next call; callers hold <see cref="Gate"/>.
    /// </summary>
    internal byte* Scratch(long bytes)
    {
        if ((nuint)bytes > _scratchBytes)
        {
            var size = (nuint)Math.Max(bytes, 4096);
            _scratch = (byte*)NativeMemory.AlignedRealloc(_scratch, size, 64);
            _scratchBytes = size;
        }

        return _scratch;
    }

    /// <summary>Serializes users of <see cref="Scratch"/> and dispatches (re-entrant on one thread).</summary>
    internal Lock Gate => _dispatch;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Interlocked.Increment(ref _generation);
        lock (_sleep)
        {
            Monitor.PulseAll(_sleep);
        }

        foreach (var worker in _workers)
        {
            worker.Join();
        }

        using (_dispatch.EnterScope())
        {
            NativeMemory.AlignedFree(_scratch);
            _scratch = null;
            _scratchBytes = 0;
        }
    }

    private readonly struct ActionJob(Action<int> body) : IComputeJob
    {
        public void Execute(int chunk) => body(chunk);
    }
}
