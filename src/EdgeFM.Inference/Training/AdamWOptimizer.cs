namespace EdgeFM.Inference.Training;

/// <summary>
/// AdamW (Loshchilov and Hutter): Adam's bias-corrected moment estimates with weight decay decoupled from the gradient.
/// Per step t and weight p with gradient g: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − lr·(m̂/(√v̂ + ε) + λp)
/// with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). Deterministic: one sequential pass in float32 (bias corrections in float64).
/// </summary>
public sealed class AdamWOptimizer
{
    /// <summary>Creates the optimizer for <paramref name="count"/> weights, moments zero, at step 0.</summary>
    public AdamWOptimizer(int count, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1 || !(epsilon > 0) || !(weightDecay >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), "Need 0 ≤ β₁, β₂ < 1, ε > 0 and weight decay ≥ 0.");
        }

        FirstMoment = new float[count];
        SecondMoment = new float[count];
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    /// <summary>β₁, the decay of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>β₂, the decay of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>ε added to √v̂.</summary>
    public float Epsilon { get; }

    /// <summary>λ, the decoupled weight decay per unit learning rate.</summary>
    public float WeightDecay { get; }

    /// <summary>Steps taken (t of the bias correction).</summary>
    public long Step { get; set; }

    /// <summary>m, the first-moment estimate of every weight (what a checkpoint saves).</summary>
    public float[] FirstMoment { get; }

    /// <summary>v, the second-moment estimate of every weight (what a checkpoint saves).</summary>
    public float[] SecondMoment { get; }

    /// <summary>Takes one step of size <paramref name="learningRate"/> on <paramref name="parameters"/>.</summary>
    public void Update(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate)
    {
        if (parameters.Length != FirstMoment.Length || gradients.Length != FirstMoment.Length)
        {
            throw new ArgumentException($"AdamW was made for {FirstMoment.Length} weights; got {parameters.Length} weights and {gradients.Length} gradients.", nameof(parameters));
        }

        Step++;
        var correction1 = (float)(1 - Math.Pow(Beta1, Step));
        var correction2 = (float)(1 - Math.Pow(Beta2, Step));
        var m = FirstMoment;
        var v = SecondMoment;
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradients[i];
            m[i] = (Beta1 * m[i]) + ((1 - Beta1) * g);
            v[i] = (Beta2 * v[i]) + ((1 - Beta2) * g * g);
            var update = (m[i] / correction1) / (MathF.Sqrt(v[i] / correction2) + Epsilon);
            parameters[i] -= learningRate * (update + (WeightDecay * parameters[i]));
        }
    }
}
