using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Tests.Kernels;

/// <summary>The interleaved Q4_0 layout: packing, its scalar reference, the AVX2 kernel and mat-vec/mat-mat through it.</summary>
public sealed unsafe class Q4_0x8Tests
{
    [Fact]
    public void Pack_then_unpack_restores_every_byte()
    {
        var random = new Random(1);
        foreach (var columns in KernelTestData.Lengths(GgmlType.Q4_0))
        {
            var rowBytes = (int)GgmlTypeInfo.RowBytes(GgmlType.Q4_0, columns);
            var rows = new byte[8 * rowBytes];
            random.NextBytes(rows);
            var group = new byte[rows.Length];
            var back = new byte[rows.Length];
            fixed (byte* r = rows)
            fixed (byte* g = group)
            fixed (byte* b = back)
            {
                Q4_0x8.Pack(r, rowBytes, columns, g);
                Unpack(g, 0, columns / 32, b, rowBytes);
            }

            Assert.Equal(rows, back);
            if (columns > 0)
            {
                Assert.NotEqual(rows, group);
            }
        }
    }

    [Fact]
    public void Group_dequantization_is_bit_identical_to_unpacking_then_dequantizing_each_row()
    {
        Assert.True(SimdInt8.IsSupported, "AVX2 + FMA are expected on the test machines.");
        var random = new Random(7);
        const int Columns = 256;
        var (_, group, _) = Group(random, Columns, ScaleKind.Extreme);
        foreach (var (first, count) in new[] { (0, 8), (2, 3), (7, 1), (0, 0) })
        {
            var rowStride = count * 32;
            var expected = new float[8 * rowStride];
            var actual = new float[8 * rowStride];
            var rows = new byte[8 * count * 18];
            fixed (byte* g = group)
            fixed (byte* r = rows)
            fixed (float* e = expected)
            fixed (float* a = actual)
            {
                Unpack(g, first, count, r, count * 18);
                for (var k = 0; k < 8; k++)
                {
                    Q4_0.Dequantize(r + (k * count * 18), e + (k * rowStride), rowStride);
                }

                Q4_0x8.DequantizeAvx2(g, first, count, a, rowStride);
            }

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Scalar_reference_of_a_group_equals_the_row_major_scalar_dot_of_each_row()
    {
        var random = new Random(2);
        foreach (var columns in KernelTestData.Lengths(GgmlType.Q4_0))
        {
            var (rows, group, x) = Group(random, columns);
            var y = new float[8];
            fixed (byte* r = rows)
            fixed (byte* g = group)
            fixed (byte* xp = x)
            fixed (float* yp = y)
            {
                Q4_0x8.DotScalar(g, xp, columns, yp);
                for (var k = 0; k < 8; k++)
                {
                    Assert.Equal(Q4_0.DotScalar(r + (k * rows.Length / 8), xp, columns), y[k]);
                }
            }
        }
    }

    [Fact]
    public void Avx2_kernel_matches_the_scalar_reference_for_every_length_up_to_256()
    {
        Assert.True(SimdInt8.IsSupported, "AVX2 + FMA are expected on the test machines.");
        var random = new Random(3);
        foreach (var columns in KernelTestData.Lengths(GgmlType.Q4_0))
        {
            foreach (var scales in new[] { ScaleKind.Typical, ScaleKind.Extreme })
            {
                var (_, group, x) = Group(random, columns, scales);
                var aux = new byte[(columns / 32) * Q4_0x8.AuxBlockBytes];
                var expected = new float[8];
                var actual = new float[8];
                fixed (byte* g = group)
                fixed (byte* xp = x)
                fixed (byte* a = aux)
                fixed (float* e = expected)
                fixed (float* y = actual)
                {
                    Q4_0x8.DotScalar(g, xp, columns, e);
                    Q4_0x8.PrepareActivation(xp, columns, a);
                    Q4_0x8.DotAvx2(g, xp, a, columns, y);
                }

                for (var k = 0; k < 8; k++)
                {
                    // The block sums are exact and the scale products identical; only fused vs separate rounding
                    // of the running sum differs.
                    Assert.True(MathF.Abs(actual[k] - expected[k]) <= 1e-5f * (1 + MathF.Abs(expected[k])),
                        $"columns={columns} {scales} row {k}: {actual[k]} vs {expected[k]}");
                }
            }
        }
    }

    [Fact]
    public void Vnni_tile_matches_the_scalar_reference_and_equals_the_Avx2_kernel_per_row_for_every_length_up_to_256()
    {
        // Four activation rows against one group: each row's outputs must be the AVX2 mat-vec kernel's bit for bit
        // (same exact integer sums, same scale products, same FMA order) and within the fused-rounding tolerance of
        // the scalar reference. Needs AVX-VNNI; machines without it never run the tile.
        if (!Q4_0x8.VnniSupported)
        {
            return;
        }

        var random = new Random(8);
        var kernels = TypeKernels.For(GgmlType.Q4_0);
        foreach (var columns in KernelTestData.Lengths(GgmlType.Q4_0))
        {
            foreach (var scales in new[] { ScaleKind.Typical, ScaleKind.Extreme })
            {
                var (_, group, first) = Group(random, columns, scales);
                var xStride = first.Length + 2; // not a multiple of a block: the tile must use the stride given
                var x = new byte[(4 * xStride) + 1];
                first.CopyTo(x, 0);
                for (var t = 1; t < 4; t++)
                {
                    KernelTestData.Activation(kernels, Values(random, columns, scales)).CopyTo(x, t * xStride);
                }

                var auxStride = ((columns / 32) * Q4_0x8.AuxBlockBytes) + 8;
                var aux = new byte[4 * auxStride];
                var tile = new float[4 * 11];
                var single = new float[8];
                var reference = new float[8];
                fixed (byte* g = group)
                fixed (byte* xp = x)
                fixed (byte* a = aux)
                fixed (float* y = tile)
                fixed (float* s = single)
                fixed (float* e = reference)
                {
                    for (var t = 0; t < 4; t++)
                    {
                        Q4_0x8.PrepareActivation(xp + (t * xStride), columns, a + (t * auxStride));
                    }

                    Q4_0x8.Dot4Vnni(g, xp, xStride, a, auxStride, columns, y, 11);
                    for (var t = 0; t < 4; t++)
                    {
                        Q4_0x8.DotAvx2(g, xp + (t * xStride), a + (t * auxStride), columns, s);
                        Q4_0x8.DotScalar(g, xp + (t * xStride), columns, e);
                        for (var k = 0; k < 8; k++)
                        {
                            Assert.Equal(single[k], tile[(t * 11) + k]);

                            // Row 0 is the activation the AVX2 kernel's own test bounds against the reference; the
                            // other rows' ±10⁴ draws can cancel, where a bound relative to the result is meaningless.
                            Assert.True(t > 0 || MathF.Abs(tile[k] - reference[k]) <= 1e-5f * (1 + MathF.Abs(reference[k])),
                                $"columns={columns} {scales} row {k}: {tile[k]} vs {reference[k]}");
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(17)]
    [InlineData(38)]
    public void Batched_interleaved_mat_mat_equals_one_mat_vec_per_activation_row(int n)
    {
        // With AVX-VNNI the prompt batch runs the int8 tile, which is bit-identical to the mat-vec; elsewhere the
        // dequantizing GEMM runs on float activations, within the activation rounding of the mat-vec (see QuantizedGemmTests).
        var random = new Random(9 + n);
        const int Rows = 72;
        const int Columns = 544;
        var rowMajor = MatMulTests.QuantizeMatrix(GgmlType.Q4_0, random, Rows, Columns);
        var weights = Repack(rowMajor, Rows, Columns);
        var dequantized = new float[Rows * Columns];
        Dequantize.Row(GgmlType.Q4_0, rowMajor, dequantized);
        var x = KernelTestData.Random(random, n * Columns);
        var batched = new float[n * Rows];
        var single = new float[Rows];
        using var pool = new ComputePool(2);
        fixed (byte* p = weights)
        {
            var w = new WeightMatrix(p, GgmlType.Q4_0, Rows, Columns, WeightLayout.Q4_0x8);
            MatMul.MatMat(w, x, batched, n, pool);
            for (var i = 0; i < n; i++)
            {
                MatMul.MatVec(w, x.AsSpan(i * Columns, Columns), single, pool);
                if (Q4_0x8.VnniSupported)
                {
                    Assert.Equal(single, batched.AsSpan(i * Rows, Rows).ToArray());
                    continue;
                }

                for (var r = 0; r < Rows; r++)
                {
                    var bound = (1e-4f * (1 + MathF.Abs(single[r]))) + ActivationRounding(dequantized, x, Columns, i, r);
                    Assert.True(MathF.Abs(batched[(i * Rows) + r] - single[r]) <= bound,
                        $"n={n} y[{i},{r}] = {batched[(i * Rows) + r]}, mat-vec {single[r]}");
                }
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(9)]
    [InlineData(20)]
    public void Interleaved_matrix_multiplies_like_the_row_major_one(int n)
    {
        var random = new Random(4 + n);
        foreach (var (rows, columns) in new[] { (7, 64), (8, 32), (37, 96), (200, 544), (1000, 64) })
        {
            var weights = MatMulTests.QuantizeMatrix(GgmlType.Q4_0, random, rows, columns);
            var packed = Repack(weights, rows, columns);
            var x = KernelTestData.Random(random, n * columns);
            var expected = new float[n * rows];
            var actual = new float[n * rows];
            using var pool = new ComputePool(3);
            fixed (byte* w = weights)
            fixed (byte* p = packed)
            {
                var rowMajor = new WeightMatrix(w, GgmlType.Q4_0, rows, columns);
                var interleaved = new WeightMatrix(p, GgmlType.Q4_0, rows, columns, WeightLayout.Q4_0x8);
                Assert.Equal(rows & ~7, interleaved.InterleavedRows);
                MatMul.MatMat(rowMajor, x, expected, n, pool);
                MatMul.MatMat(interleaved, x, actual, n, pool);
            }

            // From 16 activation rows the row-major matrix runs the dequantizing GEMM on float activations, while the
            // interleaved one (with AVX-VNNI) keeps the mat-vec's 8-bit activations: they then differ by at most the
            // activation rounding, Σ|w| · max|x| / 254 per output (see QuantizedGemmTests).
            var rounding = n >= QuantizedGemm.MinRows && Q4_0x8.VnniSupported;
            var dequantized = new float[rows * columns];
            Dequantize.Row(GgmlType.Q4_0, weights, dequantized);
            for (var i = 0; i < expected.Length; i++)
            {
                var bound = 1e-4f * (1 + MathF.Abs(expected[i]));
                if (rounding)
                {
                    bound += ActivationRounding(dequantized, x, columns, i / rows, i % rows);
                }

                Assert.True(MathF.Abs(actual[i] - expected[i]) <= bound,
                    $"rows={rows} columns={columns} n={n} y[{i / rows},{i % rows}] = {actual[i]}, row-major {expected[i]}");
            }
        }
    }

    [Fact]
    public void Fused_projections_over_interleaved_matrices_equal_separate_calls()
    {
        var random = new Random(5);
        const int Columns = 128;
        var sizes = new[] { 64, 24, 13 };
        var matrices = sizes.Select(rows => Repack(MatMulTests.QuantizeMatrix(GgmlType.Q4_0, random, rows, Columns), rows, Columns)).ToArray();
        var x = KernelTestData.Random(random, Columns);
        using var pool = new ComputePool(2);
        fixed (byte* p0 = matrices[0])
        fixed (byte* p1 = matrices[1])
        fixed (byte* p2 = matrices[2])
        {
            var w0 = new WeightMatrix(p0, GgmlType.Q4_0, sizes[0], Columns, WeightLayout.Q4_0x8);
            var w1 = new WeightMatrix(p1, GgmlType.Q4_0, sizes[1], Columns, WeightLayout.Q4_0x8);
            var w2 = new WeightMatrix(p2, GgmlType.Q4_0, sizes[2], Columns, WeightLayout.Q4_0x8);
            var fused = sizes.Select(rows => new float[rows]).ToArray();
            MatMul.MatMatFused(x, 1, pool, w0, fused[0], w1, fused[1], w2, fused[2]);
            var single = sizes.Select(rows => new float[rows]).ToArray();
            MatMul.MatVec(w0, x, single[0], pool);
            MatMul.MatVec(w1, x, single[1], pool);
            MatMul.MatVec(w2, x, single[2], pool);
            for (var m = 0; m < 3; m++)
            {
                Assert.Equal(single[m], fused[m]);
            }

            Assert.Equal(0, AllocationProbe.AllocatedBytes(() =>
            {
                MatMul.MatVec(w0, x, single[0], pool);
                MatMul.MatMatFused(x, 1, pool, w0, fused[0], w1, fused[1], w2, fused[2]);
            }));
        }
    }

    [Fact]
    public void Interleaved_rows_have_no_row_major_bytes_and_other_types_refuse_the_layout()
    {
        var data = new byte[18 * 9];
        fixed (byte* p = data)
        {
            var w = new WeightMatrix(p, GgmlType.Q4_0, 9, 32, WeightLayout.Q4_0x8);
            Assert.Throws<InvalidOperationException>(() => w.Row(7).Length);
            Assert.Equal(18, w.Row(8).Length);
        }

        Assert.Throws<ArgumentException>(() => new WeightMatrix(null, GgmlType.Q8_0, 4, 32, WeightLayout.Q4_0x8));
    }

    [Fact]
    public void Non_finite_scales_are_detected()
    {
        var random = new Random(6);
        var weights = MatMulTests.QuantizeMatrix(GgmlType.Q4_0, random, 8, 64);
        fixed (byte* w = weights)
        {
            Assert.True(Q4_0x8.ScalesFinite(w, 36, 8, 64));
            *(Half*)(w + (5 * 36) + 18) = Half.PositiveInfinity;
            Assert.False(Q4_0x8.ScalesFinite(w, 36, 8, 64));
        }
    }

    private enum ScaleKind
    {
        Typical,

        /// <summary>Zero, subnormal, negative, tiny and the largest finite half scales, against extreme activations.</summary>
        Extreme,
    }

    /// <summary>Eight random Q4_0 rows, their packed group and a Q8_0 activation row.</summary>
    private static (byte[] Rows, byte[] Group, byte[] X) Group(Random random, int columns, ScaleKind scales = ScaleKind.Typical)
    {
        var rowBytes = (int)GgmlTypeInfo.RowBytes(GgmlType.Q4_0, columns);
        var rows = MatMulTests.QuantizeMatrix(GgmlType.Q4_0, random, 8, columns);
        var values = Values(random, columns, scales);
        if (scales == ScaleKind.Extreme)
        {
            Half[] special = [Half.Zero, Half.Epsilon, (Half)(-6.1e-5f), Half.MaxValue, (Half)(-3.0e-8f), (Half)(-1f), Half.MinValue, (Half)1e-3f];
            for (var b = 0; b < 8 * columns / 32; b++)
            {
                BitConverter.TryWriteBytes(rows.AsSpan(b * 18, 2), special[b % special.Length]);
            }
        }

        var group = new byte[rows.Length];
        fixed (byte* r = rows)
        fixed (byte* g = group)
        {
            Q4_0x8.Pack(r, rowBytes, columns, g);
        }

        return (rows, group, KernelTestData.Activation(TypeKernels.For(GgmlType.Q4_0), values));
    }

    /// <summary>
    /// The bound on the difference the 8-bit rounding of activation row <paramref name="row"/> makes to output
    /// <paramref name="r"/>: Σ_c |w[r, c]| · max_c |x[row, c]| / 254, with 0.1% slack for the float sums.
    /// </summary>
    private static float ActivationRounding(float[] dequantized, float[] x, int columns, int row, int r)
    {
        var maxX = 0f;
        var absWeights = 0f;
        for (var c = 0; c < columns; c++)
        {
            maxX = MathF.Max(maxX, MathF.Abs(x[(row * columns) + c]));
            absWeights += MathF.Abs(dequantized[(r * columns) + c]);
        }

        return absWeights * maxX / 254 * 1.001f;
    }

    /// <summary>An activation row: random, or ±10⁴ for <see cref="ScaleKind.Extreme"/>.</summary>
    private static float[] Values(Random random, int columns, ScaleKind scales)
    {
        var values = KernelTestData.Random(random, columns);
        if (scales == ScaleKind.Extreme)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = random.Next(2) == 0 ? 1e4f : -1e4f;
            }
        }

        return values;
    }

    private static byte[] Repack(byte[] weights, int rows, int columns)
    {
        var packed = (byte[])weights.Clone();
        fixed (byte* p = packed)
        {
            Q4_0x8.PackInPlace(p, GgmlTypeInfo.RowBytes(GgmlType.Q4_0, columns), rows, columns);
        }

        return packed;
    }

    /// <summary>
    /// The inverse of <see cref="Q4_0x8.Pack"/> for blocks [<paramref name="firstBlock"/>, <paramref name="firstBlock"/> +
    /// <paramref name="blocks"/>) of a group: row k's blocks go to <c>rows + k · rowStride</c>, row-major Q4_0.
    /// </summary>
    private static void Unpack(byte* group, int firstBlock, int blocks, byte* rows, long rowStride)
    {
        for (var b = 0; b < blocks; b++)
        {
            var g = group + ((firstBlock + b) * Q4_0x8.GroupBlockBytes);
            for (var k = 0; k < Q4_0x8.Rows; k++)
            {
                var target = rows + (k * rowStride) + (b * Q4_0.BlockBytes);
                *(ushort*)target = *(ushort*)(g + (2 * k));
                for (var j = 0; j < 4; j++)
                {
                    *(uint*)(target + 2 + (4 * j)) = *(uint*)(g + 16 + (32 * j) + (4 * k));
                }
            }
        }
    }
}
