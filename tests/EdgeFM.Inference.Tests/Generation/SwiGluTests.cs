using EdgeFM.Inference.Generation;

namespace EdgeFM.Inference.Tests.Generation;

public sealed class SwiGluTests
{
    [Fact]
    public void Vector_pass_agrees_with_the_scalar_reference_for_every_length_up_to_100()
    {
        var random = new Random(31);
        for (var length = 0; length <= 100; length++)
        {
            var gate = new float[length];
            var up = new float[length];
            for (var i = 0; i < length; i++)
            {
                gate[i] = ((random.NextSingle() * 2) - 1) * 12;
                up[i] = ((random.NextSingle() * 2) - 1) * 3;
            }

            var expected = (float[])gate.Clone();
            SwiGlu.ApplyScalar(expected, up);
            SwiGlu.Apply(gate, up);
            for (var i = 0; i < length; i++)
            {
                Assert.True(MathF.Abs(gate[i] - expected[i]) <= 1e-6f * (1 + MathF.Abs(expected[i])), $"length {length}, [{i}]: {gate[i]} vs {expected[i]}");
            }
        }
    }

    [Fact]
    public void Saturates_cleanly_for_large_gates()
    {
        float[] gate = [-200f, -90f, 90f, 200f, 0f, -0f, 1e-30f, -1e-30f, 88.5f];
        float[] up = [2f, 2f, 2f, 2f, 5f, 5f, 1f, 1f, 1f];
        var expected = (float[])gate.Clone();
        SwiGlu.ApplyScalar(expected, up);
        SwiGlu.Apply(gate, up);
        Assert.Equal(0f, gate[0]);
        Assert.Equal(0f, MathF.Abs(gate[1]), 1e-30f);
        Assert.Equal(180f, gate[2], 1e-3f);
        Assert.Equal(400f, gate[3], 1e-3f);
        Assert.Equal(0f, gate[4]);
        for (var i = 0; i < gate.Length; i++)
        {
            Assert.False(float.IsNaN(gate[i]), $"[{i}] is NaN");
            Assert.True(MathF.Abs(gate[i] - expected[i]) <= 1e-6f * (1 + MathF.Abs(expected[i])), $"[{i}]: {gate[i]} vs {expected[i]}");
        }
    }
}
