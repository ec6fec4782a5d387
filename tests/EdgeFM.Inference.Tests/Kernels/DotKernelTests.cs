using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Tests.Kernels;

/// <summary>Each SIMD dot product against its scalar reference, and quantized dots against dequantize-then-F32.</summary>
public sealed unsafe class DotKernelTests
{
    public static TheoryData<GgmlType> Types() => KernelTestData.AllWeightTypes();

    [Theory]
    [InlineData(GgmlType.Q4_0, 4)]
    [InlineData(GgmlType.Q8_0, 4)]
    [InlineData(GgmlType.Q4_0, 8)]
    public void Multi_row_dot_is_bit_identical_to_the_one_row_dot(GgmlType type, int rowCount)
    {
        var kernels = TypeKernels.For(type);
        var random = new Random(41 + (int)type + rowCount);
        foreach (var n in KernelTestData.Lengths(type))
        {
            var rows = Enumerable.Range(0, rowCount).Select(_ => KernelTestData.QuantizeRow(type, KernelTestData.Random(random, n, 0.05f))).ToArray();
            var rowBytes = rows[0].Length;
            var w = rows.SelectMany(row => row).ToArray();
            var x = KernelTestData.Activation(kernels, KernelTestData.Random(random, n));
            var y = new float[rowCount];
            fixed (byte* wp = w)
            fixed (byte* xp = x)
            fixed (float* yp = y)
            {
                switch (type, rowCount)
                {
                    case (GgmlType.Q4_0, 8):
                        Q4_0.Dot8Avx2(wp, rowBytes, xp, n, yp);
                        break;
                    case (GgmlType.Q4_0, _):
                        Q4_0.Dot4Avx2(wp, rowBytes, xp, n, yp);
                        break;
                    default:
                        Q8_0.Dot4Avx2(wp, rowBytes, xp, n, yp);
                        break;
                }

                for (var k = 0; k < rowCount; k++)
                {
                    Assert.Equal(kernels.Dot(wp + (k * rowBytes), xp, n), y[k]);
                }
            }
        }
    }

    [Fact]
    public void Vector512_F32_kernels_match_the_scalar_reference_for_every_length_up_to_256()
    {
        // Selected on AVX-512 machines; elsewhere the same Vector512 API runs in software, so it is tested everywhere.
        var random = new Random(29);
        for (var n = 0; n <= 256; n++)
        {
            var w = KernelTestData.Random(random, 4 * n);
            var x = KernelTestData.Random(random, n);
            var y = new float[4];
            fixed (float* wp = w)
            fixed (float* xp = x)
            fixed (float* yp = y)
            {
                F32.Dot4Vector512((byte*)wp, n * sizeof(float), (byte*)xp, n, yp);
                for (var k = 0; k < 4; k++)
                {
                    var row = (byte*)(wp + (k * n));
                    var reference = F32.DotScalar(row, (byte*)xp, n);
                    var magnitude = 0f;
                    for (var i = 0; i < n; i++)
                    {
                        magnitude += MathF.Abs(w[(k * n) + i] * x[i]);
                    }

                    var tolerance = (1e-5f * magnitude) + 1e-6f;
                    Assert.True(MathF.Abs(F32.DotVector512(row, (byte*)xp, n) - reference) <= tolerance, $"one row, n={n}");
                    Assert.True(MathF.Abs(y[k] - reference) <= tolerance, $"four rows, row {k}, n={n}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Simd_dot_matches_the_scalar_reference_for_every_length_up_to_256(GgmlType type)
    {
        // Without AVX2 + FMA the fast path is the scalar reference itself; this machine has both.
        Assert.True(SimdInt8.IsSupported, "AVX2 + FMA are expected on the test machines.");
        var kernels = TypeKernels.For(type);
        var random = new Random(17 + (int)type);
        foreach (var n in KernelTestData.Lengths(type))
        {
            for (var trial = 0; trial < 8; trial++)
            {
                var w = KernelTestData.QuantizeRow(type, KernelTestData.Random(random, n, 0.05f));
                var x = KernelTestData.Activation(kernels, KernelTestData.Random(random, n));
                fixed (byte* wp = w)
                fixed (byte* xp = x)
                {
                    var fast = kernels.Dot(wp, xp, n);
                    var reference = kernels.DotScalar(wp, xp, n);

                    // The integer parts are exact; only float summation order differs (relative 1e-5 of Σ|terms|).
                    var magnitude = AbsoluteDot(type, w, x, n);
                    Assert.True(MathF.Abs(fast - reference) <= (1e-5f * magnitude) + 1e-6f,
                        $"{type} n={n}: SIMD {fast} vs scalar {reference} (Σ|terms| {magnitude})");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Quantized_dot_agrees_with_dequantize_then_float_dot(GgmlType type)
    {
        var kernels = TypeKernels.For(type);
        var random = new Random(99 + (int)type);
        foreach (var n in KernelTestData.Lengths(type, 1024).Where(n => n > 0))
        {
            var w = KernelTestData.QuantizeRow(type, KernelTestData.Random(random, n, 0.05f));
            var xf = KernelTestData.Random(random, n);
            var wf = KernelTestData.DequantizeRow(type, w, n);
            var expected = 0d;
            var absWeights = 0d;
            for (var i = 0; i < n; i++)
            {
                expected += (double)wf[i] * xf[i];
                absWeights += Math.Abs(wf[i]);
            }

            var x = KernelTestData.Activation(kernels, xf);
            fixed (byte* wp = w)
            fixed (byte* xp = x)
            {
                var actual = kernels.Dot(wp, xp, n);

                // Rounding x to 8 bits moves each element by at most max|x| / 254, so the dot moves by at most
                // Σ|w| · max|x| / 254 (F32/F16 activations are not rounded: float error only).
                var bound = kernels.Activation == GgmlType.F32
                    ? 1e-5 * n
                    : (absWeights * xf.Max(MathF.Abs) / 254 * 1.001) + 1e-5;
                Assert.True(Math.Abs(actual - expected) <= bound, $"{type} n={n}: {actual} vs {expected}, bound {bound}");
            }
        }
    }

    [Fact]
    public void Activation_rounding_vectorized_equals_roundf_including_ties()
    {
        var x = new float[32];
        for (var i = 0; i < 32; i++)
        {
            x[i] = (i - 16) * 0.5f;
        }

        x[0] = 0.49999997f;
        x[1] = -0.49999997f;
        var q = new sbyte[32];
        fixed (float* xp = x)
        fixed (sbyte* qp = q)
        {
            SimdInt8.Round32(qp, xp, 1f);
        }

        for (var i = 2; i < 32; i++)
        {
            Assert.Equal((sbyte)MathF.Round(x[i], MidpointRounding.AwayFromZero), q[i]);
        }

        Assert.Equal(0, q[0]);
        Assert.Equal(0, q[1]);
    }

    private static float AbsoluteDot(GgmlType type, byte[] w, byte[] x, int n)
    {
        var kernels = TypeKernels.For(type);
        var wf = KernelTestData.DequantizeRow(type, w, n);
        var xf = KernelTestData.DequantizeRow(kernels.Activation, x, n);
        var sum = 0f;
        for (var i = 0; i < n; i++)
        {
            sum += MathF.Abs(wf[i] * xf[i]);
        }

        return sum;
    }
}
