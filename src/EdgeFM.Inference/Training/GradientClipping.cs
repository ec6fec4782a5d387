using System.Numerics.Tensors;

namespace EdgeFM.Inference.Training;

/// <summary>Clipping of a gradient by its global L2 norm.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales <paramref name="gradients"/> by maxNorm / ‖g‖ when their L2 norm ‖g‖ exceeds <paramref name="maxNorm"/>
    /// (0 or less: never) and returns ‖g‖ before clipping. The norm is summed in float64 in index order.
    /// </summary>
    public static double ClipGlobalNorm(Span<float> gradients, float maxNorm)
    {
        double squares = 0;
        foreach (var g in gradients)
        {
            squares += (double)g * g;
        }

        var norm = Math.Sqrt(squares);
        if (maxNorm > 0 && norm > maxNorm)
        {
            TensorPrimitives.Multiply(gradients, (float)(maxNorm / norm), gradients);
        }

        return norm;
    }
}
