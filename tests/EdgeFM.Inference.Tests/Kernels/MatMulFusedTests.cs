using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Tests.Kernels;

/// <summary>One dispatch of two or three matrices equals separate <see cref="MatMul.MatMat"/> calls bit for bit.</summary>
public sealed unsafe class MatMulFusedTests
{
    public static TheoryData<GgmlType> Types() => KernelTestData.AllWeightTypes();

    [Theory]
    [MemberData(nameof(Types))]
    public void Fused_projections_equal_separate_calls(GgmlType type)
    {
        var random = new Random(5);
        var columns = type is GgmlType.Q4_K or GgmlType.Q6_K ? 512 : 96;
        var rows = new[] { 48, 17, 70 };
        var weights = rows.Select(r => MatMulTests.QuantizeMatrix(type, random, r, columns)).ToArray();
        using var pool = new ComputePool(2);
        foreach (var n in new[] { 1, 5, 20 })
        {
            var x = KernelTestData.Random(random, n * columns);
            var fused = rows.Select(r => new float[n * r]).ToArray();
            var separate = rows.Select(r => new float[n * r]).ToArray();
            fixed (byte* w0 = weights[0])
            fixed (byte* w1 = weights[1])
            fixed (byte* w2 = weights[2])
            {
                var m = new[] { new WeightMatrix(w0, type, rows[0], columns), new WeightMatrix(w1, type, rows[1], columns), new WeightMatrix(w2, type, rows[2], columns) };
                MatMul.MatMatFused(x, n, pool, m[0], fused[0], m[1], fused[1], m[2], fused[2]);
                for (var k = 0; k < 3; k++)
                {
                    MatMul.MatMat(m[k], x, separate[k], n, pool);
                    Assert.Equal(separate[k], fused[k]);
                }

                Array.Clear(fused[0]);
                Array.Clear(fused[1]);
                MatMul.MatMatFused(x, n, pool, m[0], fused[0], m[1], fused[1], default, default);
                Assert.Equal(separate[0], fused[0]);
                Assert.Equal(separate[1], fused[1]);
            }
        }
    }

    [Fact]
    public void Matrices_of_different_types_fall_back_to_separate_calls()
    {
        var random = new Random(6);
        var a = MatMulTests.QuantizeMatrix(GgmlType.F32, random, 20, 64);
        var b = MatMulTests.QuantizeMatrix(GgmlType.Q8_0, random, 33, 64);
        var x = KernelTestData.Random(random, 64);
        using var pool = new ComputePool(2);
        fixed (byte* ap = a)
        fixed (byte* bp = b)
        {
            var wa = new WeightMatrix(ap, GgmlType.F32, 20, 64);
            var wb = new WeightMatrix(bp, GgmlType.Q8_0, 33, 64);
            float[] ya = new float[20], yb = new float[33], ea = new float[20], eb = new float[33];
            MatMul.MatMatFused(x, 1, pool, wa, ya, wb, yb, default, default);
            MatMul.MatVec(wa, x, ea, pool);
            MatMul.MatVec(wb, x, eb, pool);
            Assert.Equal(ea, ya);
            Assert.Equal(eb, yb);
        }
    }
}
