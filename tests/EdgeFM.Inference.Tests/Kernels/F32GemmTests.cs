using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Tests.Kernels;

/// <summary>The packed-panel float32 GEMM against its scalar reference, for shapes with tails in every dimension.</summary>
public sealed unsafe class F32GemmTests
{
    [Fact]
    public void Pack_interleaves_sixteen_rows_per_panel_and_zero_fills_the_last()
    {
        const int n = 19;
        const int columns = 11;
        var x = new float[n * columns];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = i + 1;
        }

        var packed = new float[F32Gemm.PackedFloats(n, columns)];
        Assert.Equal(2 * 16 * columns, packed.Length);
        fixed (float* xp = x)
        fixed (float* pp = packed)
        {
            F32Gemm.Pack(xp, n, columns, pp);
        }

        for (var p = 0; p < 2; p++)
        {
            for (var c = 0; c < columns; c++)
            {
                for (var j = 0; j < 16; j++)
                {
                    var row = (p * 16) + j;
                    var expected = row < n ? x[(row * columns) + c] : 0f;
                    Assert.Equal(expected, packed[(p * 16 * columns) + (c * 16) + j]);
                }
            }
        }
    }

    [Fact]
    public void Pack_transposes_full_panels_with_the_vector_path()
    {
        const int n = 32;
        const int columns = 21; // two 8-column blocks and a scalar tail
        var random = new Random(2);
        var x = KernelTestData.Random(random, n * columns);
        var packed = new float[F32Gemm.PackedFloats(n, columns)];
        fixed (float* xp = x)
        fixed (float* pp = packed)
        {
            F32Gemm.Pack(xp, n, columns, pp);
        }

        for (var row = 0; row < n; row++)
        {
            for (var c = 0; c < columns; c++)
            {
                Assert.Equal(x[(row * columns) + c], packed[((row / 16) * 16 * columns) + (c * 16) + (row % 16)]);
            }
        }
    }

    [Fact]
    public void Multiply_matches_the_scalar_reference_for_shapes_with_tails()
    {
        Assert.True(SimdInt8.IsSupported, "AVX2 + FMA are expected on the test machines.");
        var random = new Random(11);
        foreach (var columns in new[] { 0, 1, 7, 8, 9, 31, 96, 300, F32Gemm.Depth, F32Gemm.Depth + 37, (2 * F32Gemm.Depth) + 5 })
        {
            foreach (var rows in new[] { 1, 5, 6, 7, 12, 13, 25, 50 })
            {
                foreach (var n in new[] { 2, 3, 8, 9, 16, 17, 32, 33, 57 })
                {
                    Check(random, rows, columns, n, 0, rows, wide: false);
                    if (F32Gemm.WideSupported)
                    {
                        Check(random, rows, columns, n, 0, rows, wide: true);
                    }
                }
            }
        }
    }

    [Fact]
    public void Wide_tiles_match_the_scalar_reference_and_the_AVX2_tiles_bit_for_bit_for_lengths_0_to_256()
    {
        // The 512-bit tiles (12 weight rows × two panels) against the scalar reference for every reduction length
        // 0..256, with 12-row groups plus tail rows and two panels plus a partial third; both tile kinds run the same
        // FMA sequence per output, so they must also agree exactly. The wide path needs an AVX-512 machine.
        if (!F32Gemm.WideSupported)
        {
            return;
        }

        var random = new Random(14);
        for (var columns = 0; columns <= 256; columns++)
        {
            var narrow = Check(random, 29, columns, 41, 0, 29, wide: false, seed: columns);
            var wide = Check(random, 29, columns, 41, 0, 29, wide: true, seed: columns);
            Assert.Equal(narrow, wide);
        }
    }

    [Fact]
    public void Multiply_of_a_row_range_writes_only_that_range()
    {
        var random = new Random(12);
        Check(random, rows: 61, columns: 70, n: 21, rowStart: 7, rowEnd: 50);
        Check(random, rows: 61, columns: 70, n: 21, rowStart: 48, rowEnd: 61);
    }

    [Fact]
    public void Rows_per_chunk_are_multiples_of_the_tile_and_a_cache_line_and_fit_L2()
    {
        foreach (var (rows, columns) in new[] { (288, 288), (768, 288), (768, 768), (2048, 768), (768, 2048), (32000, 768), (5, 7) })
        {
            foreach (var threads in new[] { 1, 2, 8 })
            {
                var chunk = F32Gemm.RowsPerChunk(rows, columns, threads);
                Assert.Equal(0, chunk % F32Gemm.TileRows);
                Assert.Equal(0, chunk % 16);
                Assert.True(chunk == F32Gemm.ChunkQuantum || (long)chunk * Math.Min(columns, F32Gemm.Depth) * sizeof(float) <= 192 * 1024, $"{rows}x{columns}: {chunk}");
            }
        }
    }

    [Fact]
    public void MatMat_agrees_with_separate_mat_vecs()
    {
        // Stated tolerance: 1e-5 of Σ|w·x| per output (both are float32 sums of the same products in different orders).
        var random = new Random(13);
        const int rows = 100;
        const int columns = 700;
        const int n = 37;
        var weights = MatMulTests.QuantizeMatrix(GgmlType.F32, random, rows, columns);
        var x = KernelTestData.Random(random, n * columns);
        var batched = new float[n * rows];
        var single = new float[rows];
        using var pool = new ComputePool(2);
        fixed (byte* wp = weights)
        {
            var w = new WeightMatrix(wp, GgmlType.F32, rows, columns);
            MatMul.MatMat(w, x, batched, n, pool);
            var wf = (float*)wp;
            for (var i = 0; i < n; i++)
            {
                MatMul.MatVec(w, x.AsSpan(i * columns, columns), single, pool);
                for (var r = 0; r < rows; r++)
                {
                    var magnitude = AbsoluteDot(new ReadOnlySpan<float>(wf + (r * columns), columns), x.AsSpan(i * columns, columns));
                    Assert.True(Math.Abs(batched[(i * rows) + r] - single[r]) <= (1e-5 * magnitude) + 1e-7, $"y[{i},{r}] {batched[(i * rows) + r]} vs {single[r]}");
                }
            }
        }
    }

    /// <summary>Σ |w[c] · x[c]|: the scale of a dot product's float rounding error.</summary>
    internal static double AbsoluteDot(ReadOnlySpan<float> w, ReadOnlySpan<float> x)
    {
        var sum = 0d;
        for (var c = 0; c < w.Length; c++)
        {
            sum += Math.Abs(w[c] * x[c]);
        }

        return sum;
    }

    private static float[] Check(Random random, int rows, int columns, int n, int rowStart, int rowEnd, bool? wide = null, int? seed = null)
    {
        var data = seed is { } s ? new Random(s) : random;
        var w = KernelTestData.Random(data, rows * columns, 0.05f);
        var x = KernelTestData.Random(data, n * columns);
        var packed = new float[Math.Max(1, F32Gemm.PackedFloats(n, columns))];
        var y = Enumerable.Repeat(float.NaN, n * rows).ToArray();
        var expected = new float[n * rows];
        fixed (float* wp = w)
        fixed (float* xp = x)
        fixed (float* pp = packed)
        fixed (float* yp = y)
        fixed (float* ep = expected)
        {
            F32Gemm.Pack(xp, n, columns, pp);
            F32Gemm.Multiply(wp, columns, rowStart, rowEnd, pp, n, columns, yp, rows, wide);
            F32Gemm.MultiplyScalar(wp, columns, rows, xp, columns, n, columns, ep, rows);
        }

        for (var i = 0; i < n; i++)
        {
            for (var r = 0; r < rows; r++)
            {
                var at = (i * rows) + r;
                if (r < rowStart || r >= rowEnd)
                {
                    Assert.True(float.IsNaN(y[at]), $"rows={rows} columns={columns} n={n}: y[{i},{r}] outside [{rowStart},{rowEnd}) was written");
                    continue;
                }

                var magnitude = AbsoluteDot(w.AsSpan(r * columns, columns), x.AsSpan(i * columns, columns));
                Assert.True(Math.Abs(y[at] - expected[at]) <= (1e-5 * magnitude) + 1e-7,
                    $"rows={rows} columns={columns} n={n} wide={wide}: y[{i},{r}] = {y[at]}, expected {expected[at]}");
            }
        }

        return y;
    }
}
