using EdgeFM.Inference.Training;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Training;

public sealed class LoraGradientTests
{
    /// <summary>
    /// Every A and B weight of every target matrix: the training backward pass (float32) against central differences
    /// of the independent float64 reference forward pass (h = 1e-5, truncation error ~h² ≈ 1e-10). The float32
    /// arithmetic bounds the agreement: per matrix, max |analytic − numeric| ≤ 1e-3 × max |numeric| + 1e-6.
    /// </summary>
    [Fact]
    public void Every_lora_gradient_matches_float64_finite_differences()
    {
        using var directory = new TempDirectory();
        using var model = TinyModels.Load(TinyModels.Write(directory.Path));
        var adapter = TinyModels.RandomAdapter(model.Config);
        var batch = TinyModels.Batch();
        var trainer = new LoraTrainingModel(model, adapter);
        var gradients = new float[adapter.Parameters.Length];
        var loss = trainer.ComputeGradients(batch, gradients);

        var reference = new ReferenceLoraLlama(model.FilePath, model.Config);
        var parameters = Array.ConvertAll(adapter.Parameters, p => (double)p);
        var referenceLoss = reference.Loss(batch, adapter, parameters);
        Assert.Equal(referenceLoss, loss.Mean, referenceLoss * 1e-5);
        Assert.Equal(6 + 3, loss.Targets);

        const double h = 1e-5;
        var numeric = new double[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var saved = parameters[i];
            parameters[i] = saved + h;
            var plus = reference.Loss(batch, adapter, parameters);
            parameters[i] = saved - h;
            var minus = reference.Loss(batch, adapter, parameters);
            parameters[i] = saved;
            numeric[i] = (plus - minus) / (2 * h);
        }

        Assert.Equal(14, adapter.Slots.Count);
        foreach (var slot in adapter.Slots)
        {
            var aLength = adapter.Rank * slot.Inputs;
            var bLength = slot.Outputs * adapter.Rank;
            AssertClose($"{slot.TensorName}.lora_a", gradients.AsSpan((int)slot.AOffset, aLength), numeric.AsSpan((int)slot.AOffset, aLength));
            AssertClose($"{slot.TensorName}.lora_b", gradients.AsSpan((int)slot.BOffset, bLength), numeric.AsSpan((int)slot.BOffset, bLength));
        }
    }

    private static void AssertClose(string name, ReadOnlySpan<float> analytic, ReadOnlySpan<double> numeric)
    {
        double largest = 0;
        foreach (var v in numeric)
        {
            largest = Math.Max(largest, Math.Abs(v));
        }

        Assert.True(largest > 1e-4, $"{name}: the numeric gradient is ~0 ({largest:E2}), so the check would prove nothing.");
        double worst = 0;
        for (var i = 0; i < numeric.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(analytic[i] - numeric[i]));
        }

        Assert.True(worst <= (1e-3 * largest) + 1e-6, $"{name}: max |analytic − numeric| = {worst:E3}, max |numeric| = {largest:E3}.");
    }
}
