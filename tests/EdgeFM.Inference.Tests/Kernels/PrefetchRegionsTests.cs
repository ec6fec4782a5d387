using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Tests.Kernels;

/// <summary>Background prefetch regions: the lines they cover, and mat-vecs that issue them giving unchanged results.</summary>
public sealed unsafe class PrefetchRegionsTests
{
    [Fact]
    public void Visit_yields_every_line_of_every_segment_in_order_for_any_subrange()
    {
        var first = (byte*)0x10000;
        var second = (byte*)0x900000;
        foreach (var withSecond in new[] { false, true })
        {
            foreach (var segmentBytes in new long[] { 1, 64, 65, 200, 256 * 64 })
            {
                const int Segments = 3;
                const long Stride = 1 << 16;
                var regions = new PrefetchRegions(first, withSecond ? second : null, Segments, segmentBytes, Stride);
                var expected = new List<long>();
                foreach (var b in withSecond ? new[] { first, second } : new[] { first })
                {
                    for (var s = 0; s < Segments; s++)
                    {
                        for (long offset = 0; offset < segmentBytes; offset += PrefetchRegions.LineBytes)
                        {
                            expected.Add((long)(b + (s * Stride) + offset));
                        }
                    }
                }

                Assert.Equal(expected.Count, regions.Lines);
                var random = new Random((int)segmentBytes);
                for (var trial = 0; trial < 50; trial++)
                {
                    var from = random.NextInt64(0, expected.Count + 2);
                    var to = random.NextInt64(0, expected.Count + 2);
                    var recorder = new Recorder(new List<long>());
                    regions.Visit(from, to, ref recorder);
                    var count = (int)Math.Max(0, Math.Min(to, expected.Count) - from);
                    Assert.Equal(count == 0 ? [] : expected.GetRange((int)from, count), recorder.Lines);
                }
            }
        }
    }

    [Fact]
    public void Empty_regions_cover_no_lines()
    {
        Assert.Equal(0, default(PrefetchRegions).Lines);
        Assert.Equal(0, new PrefetchRegions((byte*)0x1000, null, 4, 0, 4096).Lines);
        default(PrefetchRegions).Prefetch(0, 100);
    }

    [Theory]
    [InlineData(GgmlType.Q4_0)]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.F32)]
    [InlineData(GgmlType.Q4_K)]
    public void Mat_vec_with_background_prefetch_equals_the_plain_mat_vec(GgmlType type)
    {
        var random = new Random(5);
        const int Columns = 256;
        var background = new float[4 * 1000];
        using var pool = new ComputePool(2);
        foreach (var rows in new[] { 1, 7, 64, 250 })
        {
            var weights = MatMulTests.QuantizeMatrix(type, random, rows, Columns);
            var x = KernelTestData.Random(random, Columns);
            var plain = new float[rows];
            var prefetched = new float[rows];
            fixed (byte* wp = weights)
            fixed (float* bp = background)
            {
                var w = new WeightMatrix(wp, type, rows, Columns);
                var regions = new PrefetchRegions((byte*)bp, (byte*)(bp + 2000), 2, 3000, 4000);
                MatMul.MatVec(w, x, plain, pool);
                MatMul.MatMatWithPrefetch(w, x, prefetched, 1, pool, regions);
            }

            Assert.Equal(plain, prefetched);
        }
    }

    private readonly struct Recorder(List<long> lines) : PrefetchRegions.ILineVisitor
    {
        public List<long> Lines { get; } = lines;

        public void Visit(byte* line) => Lines.Add((long)line);
    }
}
