using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// Memory that a mat-vec pulls into the caches in the background while it computes, for the step that reads it next:
/// <see cref="Segments"/> segments of <see cref="SegmentBytes"/> bytes at <c>first + i · stride</c>, followed (when
/// <c>second</c> is not null) by as many at <c>second + i · stride</c>. The decode path uses it for the next layer's
/// KV cache (one segment per key/value head): attention reads the whole cache once per token, and issuing those reads
/// while the compute-bound quantized mat-vecs leave memory bandwidth unused takes them off attention's critical path.
/// </summary>
internal readonly unsafe struct PrefetchRegions
{
    /// <summary>Bytes of one cache line: the unit of <see cref="Lines"/>.</summary>
    public const int LineBytes = 64;

    private readonly byte* _first;
    private readonly byte* _second;
    private readonly long _stride;
    private readonly long _linesPerSegment;

    /// <summary>Creates the description; <paramref name="second"/> may be null.</summary>
    public PrefetchRegions(byte* first, byte* second, int segments, long segmentBytes, long stride)
    {
        _first = first;
        _second = second;
        _stride = stride;
        Segments = first == null ? 0 : segments;
        SegmentBytes = segmentBytes;
        _linesPerSegment = Math.Max(1, (segmentBytes + LineBytes - 1) / LineBytes);
    }

    /// <summary>Segments per base pointer.</summary>
    public int Segments { get; }

    /// <summary>Bytes of each segment.</summary>
    public long SegmentBytes { get; }

    /// <summary>64-byte lines covered (0 for the default value: nothing to prefetch).</summary>
    public long Lines => SegmentBytes <= 0 ? 0 : Segments * _linesPerSegment * (_second == null ? 1 : 2);

    /// <summary>Issues prefetches (into L2 and beyond) for lines [<paramref name="from"/>, <paramref name="to"/>) of <see cref="Lines"/>.</summary>
    public void Prefetch(long from, long to)
    {
        if (Sse.IsSupported)
        {
            var prefetch = default(Prefetcher);
            Visit(from, to, ref prefetch);
        }
    }

    /// <summary>
    /// Calls <paramref name="visitor"/> with the address of each line in [<paramref name="from"/>, <paramref name="to"/>)
    /// in order (one division for the starting segment, then increments only).
    /// </summary>
    public void Visit<TVisitor>(long from, long to, ref TVisitor visitor)
        where TVisitor : struct, ILineVisitor
    {
        to = Math.Min(to, Lines);
        if (from >= to)
        {
            return;
        }

        var segment = from / _linesPerSegment;
        var line = from - (segment * _linesPerSegment);
        for (var remaining = to - from; remaining > 0; segment++, line = 0)
        {
            var p = segment < Segments ? _first + (segment * _stride) : _second + ((segment - Segments) * _stride);
            var count = Math.Min(remaining, _linesPerSegment - line);
            for (var k = line; k < line + count; k++)
            {
                visitor.Visit(p + (k * LineBytes));
            }

            remaining -= count;
        }
    }

    /// <summary>Receives line addresses from <see cref="Visit"/>.</summary>
    internal interface ILineVisitor
    {
        void Visit(byte* line);
    }

    private struct Prefetcher : ILineVisitor
    {
        public readonly void Visit(byte* line) => Sse.Prefetch2(line);
    }
}
