using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Tests.Kernels;

/// <summary>
/// Mat-mat of quantized and F16 weights with many activation rows (dequantize a reduction block, then the float32
/// GEMM) against dequantize-then-float reference products and against separate mat-vecs.
/// </summary>
public sealed unsafe class QuantizedGemmTests
{
    public static TheoryData<GgmlType> QuantizedTypes()
    {
        var data = new TheoryData<GgmlType>();
        foreach (var type in KernelTestData.WeightTypes.Where(t => t != GgmlType.F32))
        {
            data.Add(type);
        }

        return data;
    }

    [Theory]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.Q4_0)]
    public void Vectorized_dequantization_is_bit_identical_to_the_scalar_reference(GgmlType type)
    {
        Assert.True(SimdInt8.IsSupported, "AVX2 + FMA are expected on the test machines.");
        var random = new Random(21);
        foreach (var n in KernelTestData.Lengths(type, 1024))
        {
            var w = KernelTestData.QuantizeRow(type, KernelTestData.Random(random, n, 0.05f));
            var fast = new float[n];
            var reference = new float[n];
            fixed (byte* wp = w)
            fixed (float* fp = fast)
            fixed (float* rp = reference)
            {
                if (type == GgmlType.Q8_0)
                {
                    Q8_0.DequantizeAvx2(wp, fp, n);
                    Q8_0.Dequantize(wp, rp, n);
                }
                else
                {
                    Q4_0.DequantizeAvx2(wp, fp, n);
                    Q4_0.Dequantize(wp, rp, n);
                }
            }

            Assert.Equal(reference, fast);
        }
    }

    [Theory]
    [MemberData(nameof(QuantizedTypes))]
    public void MatMat_equals_the_dequantized_weights_times_the_float_activations(GgmlType type)
    {
        Assert.True(QuantizedGemm.Applies(TypeKernels.For(type), QuantizedGemm.MinRows));
        var random = new Random(22 + (int)type);
        var block = GgmlTypeInfo.BlockSize(type);
        var columnCases = block == 256 ? new[] { 256, 768 } : new[] { 96, F32Gemm.Depth + 32, (2 * F32Gemm.Depth) + 64 };
        foreach (var columns in columnCases)
        {
            foreach (var (rows, n) in new[] { (1, 16), (7, 17), (50, 33), (97, 40) })
            {
                var weights = MatMulTests.QuantizeMatrix(type, random, rows, columns);
                var dequantized = KernelTestData.DequantizeRow(type, weights, rows * columns);
                var x = KernelTestData.Random(random, n * columns);
                var y = new float[n * rows];
                var expected = new float[n * rows];
                using var pool = new ComputePool(2);
                fixed (byte* wp = weights)
                fixed (float* dp = dequantized)
                fixed (float* xp = x)
                fixed (float* ep = expected)
                {
                    MatMul.MatMat(new WeightMatrix(wp, type, rows, columns), x, y, n, pool);
                    F32Gemm.MultiplyScalar(dp, columns, rows, xp, columns, n, columns, ep, rows);
                }

                for (var i = 0; i < n; i++)
                {
                    for (var r = 0; r < rows; r++)
                    {
                        var magnitude = F32GemmTests.AbsoluteDot(dequantized.AsSpan(r * columns, columns), x.AsSpan(i * columns, columns));
                        var at = (i * rows) + r;
                        Assert.True(Math.Abs(y[at] - expected[at]) <= (1e-5 * magnitude) + 1e-7,
                            $"{type} {rows}x{columns} n={n}: y[{i},{r}] = {y[at]}, expected {expected[at]}");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(QuantizedTypes))]
    public void MatMat_agrees_with_separate_mat_vecs_within_the_activation_rounding_bound(GgmlType type)
    {
        // A mat-vec rounds the activations to 8 bits (Q8_0 / Q8_K), moving each element by at most max|x| / 254;
        // the batched product does not, so the two differ by at most Σ|w| · max|x| / 254 per output (F16: float error).
        var kernels = TypeKernels.For(type);
        var random = new Random(23 + (int)type);
        var columns = GgmlTypeInfo.BlockSize(type) == 256 ? 512 : 640;
        const int rows = 40;
        const int n = 20;
        var weights = MatMulTests.QuantizeMatrix(type, random, rows, columns);
        var dequantized = KernelTestData.DequantizeRow(type, weights, rows * columns);
        var x = KernelTestData.Random(random, n * columns);
        var batched = new float[n * rows];
        var single = new float[rows];
        using var pool = new ComputePool(2);
        fixed (byte* wp = weights)
        {
            var w = new WeightMatrix(wp, type, rows, columns);
            MatMul.MatMat(w, x, batched, n, pool);
            for (var i = 0; i < n; i++)
            {
                var xi = x.AsSpan(i * columns, columns);
                MatMul.MatVec(w, xi, single, pool);
                var maxX = 0f;
                foreach (var v in xi)
                {
                    maxX = MathF.Max(maxX, MathF.Abs(v));
                }

                for (var r = 0; r < rows; r++)
                {
                    var absWeights = 0d;
                    for (var c = 0; c < columns; c++)
                    {
                        absWeights += Math.Abs(dequantized[(r * columns) + c]);
                    }

                    var bound = kernels.Activation == GgmlType.F32 ? 1e-5 * absWeights * maxX : (absWeights * maxX / 254 * 1.001) + 1e-5;
                    Assert.True(Math.Abs(batched[(i * rows) + r] - single[r]) <= bound, $"{type} y[{i},{r}] {batched[(i * rows) + r]} vs {single[r]}, bound {bound}");
                }
            }
        }
    }

    [Fact]
    public void Few_activation_rows_keep_the_int8_kernels()
    {
        Assert.False(QuantizedGemm.Applies(TypeKernels.For(GgmlType.Q8_0), QuantizedGemm.MinRows - 1));
        Assert.False(QuantizedGemm.Applies(TypeKernels.For(GgmlType.F32), 64));
    }
}
