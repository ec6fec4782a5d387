using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Tests.Kernels;

/// <summary>Mat-vec and mat-mat against a row-by-row scalar reference, on one and several threads.</summary>
public sealed unsafe class MatMulTests
{
    public static TheoryData<GgmlType> Types() => KernelTestData.AllWeightTypes();

    [Theory]
    [MemberData(nameof(Types))]
    public void MatVec_and_MatMat_equal_the_scalar_reference_on_every_row(GgmlType type)
    {
        var kernels = TypeKernels.For(type);
        var random = new Random(3);
        var columns = type is GgmlType.Q4_K or GgmlType.Q6_K ? 512 : 96;
        foreach (var rows in new[] { 1, 17, 70 })
        {
            var weights = QuantizeMatrix(type, random, rows, columns);
            foreach (var n in new[] { 1, 3, 4, 9 })
            {
                var x = KernelTestData.Random(random, n * columns);
                using var pool = new ComputePool(3);
                var y = new float[n * rows];
                fixed (byte* wp = weights)
                {
                    var w = new WeightMatrix(wp, type, rows, columns);
                    if (n == 1)
                    {
                        MatMul.MatVec(w, x, y, pool);
                    }
                    else
                    {
                        MatMul.MatMat(w, x, y, n, pool);
                    }

                    for (var i = 0; i < n; i++)
                    {
                        var xq = KernelTestData.Activation(kernels, x.AsSpan(i * columns, columns));
                        fixed (byte* xp = xq)
                        {
                            for (var r = 0; r < rows; r++)
                            {
                                var expected = kernels.DotScalar(wp + (r * w.RowBytes), xp, columns);
                                Assert.True(MathF.Abs(y[(i * rows) + r] - expected) <= 1e-4f * (1 + MathF.Abs(expected)),
                                    $"{type} rows={rows} n={n} y[{i},{r}] = {y[(i * rows) + r]}, expected {expected}");
                            }
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Unsupported_weight_type_is_named()
    {
        var data = new byte[64];
        fixed (byte* p = data)
        {
            var w = new WeightMatrix(p, GgmlType.Q5_0, 1, 32);
            var error = Assert.Throws<NotSupportedException>(() => MatMul.MatVec(w, new float[32], new float[1]));
            Assert.Contains("Q5_0", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MatVec_allocates_nothing_after_warm_up()
    {
        var random = new Random(8);
        using var pool = new ComputePool(2);
        foreach (var type in KernelTestData.WeightTypes)
        {
            var weights = QuantizeMatrix(type, random, 64, 256);
            var x = KernelTestData.Random(random, 256 * 4);
            var y = new float[64 * 4];
            fixed (byte* wp = weights)
            {
                var w = new WeightMatrix(wp, type, 64, 256);
                MatMul.MatVec(w, x.AsSpan(0, 256), y, pool);
                MatMul.MatMat(w, x, y, 4, pool);
                Assert.Equal(0, AllocationProbe.AllocatedBytes(() =>
                {
                    for (var k = 0; k < 20; k++)
                    {
                        MatMul.MatVec(w, x.AsSpan(0, 256), y, pool);
                        MatMul.MatMat(w, x, y, 4, pool);
                    }
                }));
            }
        }
    }

    [Fact]
    public void Rows_per_chunk_are_cache_line_multiples_and_mat_mat_chunks_fit_L2()
    {
        Assert.Equal(0, MatMul.RowsPerChunk(768, 3072, 1, 2) % 16);
        Assert.Equal(48, MatMul.RowsPerChunk(768, 3072, 1, 2));
        Assert.True(MatMul.RowsPerChunk(768, 3072, 64, 2) * 3072 <= 128 * 1024);
        Assert.Equal(16, MatMul.RowsPerChunk(5, 3072, 1, 8));
    }

    internal static byte[] QuantizeMatrix(GgmlType type, Random random, int rows, int columns)
    {
        var rowBytes = (int)GgmlTypeInfo.RowBytes(type, columns);
        var data = new byte[rows * rowBytes];
        for (var r = 0; r < rows; r++)
        {
            Quantize.Row(type, KernelTestData.Random(random, columns, 0.05f), data.AsSpan(r * rowBytes, rowBytes));
        }

        return data;
    }
}
