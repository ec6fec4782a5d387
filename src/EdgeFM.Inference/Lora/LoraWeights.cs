namespace EdgeFM.Inference.Lora;

/// <summary>
/// A LoRA adapter's content in memory: alpha and one <see cref="LoraTensorPair"/> per adapted base tensor. What
/// <see cref="LoraAdapterWriter"/> writes and <see cref="LoraAdapter.ToWeights"/> reads back.
/// </summary>
public sealed class LoraWeights
{
    /// <summary>Creates adapter weights; target names must be distinct.</summary>
    /// <param name="alpha">
    /// LoRA alpha (<c>adapter.lora.alpha</c>). Each pair is scaled by <c>user scale · alpha / rank</c>; alpha 0 means
    /// "no alpha" and the scale is the user scale alone (llama.cpp's rule).
    /// </param>
    /// <param name="tensors">The adapted tensors, at least one.</param>
    /// <param name="architecture">The base model's <c>general.architecture</c>; EdgeFM runs <c>llama</c>.</param>
    public LoraWeights(float alpha, IReadOnlyList<LoraTensorPair> tensors, string architecture = LoraAdapterFormat.LlamaArchitecture)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentException.ThrowIfNullOrEmpty(architecture);
        if (!float.IsFinite(alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Alpha must be a finite number.");
        }

        if (tensors.Count == 0)
        {
            throw new ArgumentException("An adapter needs at least one tensor pair.", nameof(tensors));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in tensors)
        {
            ArgumentNullException.ThrowIfNull(pair, nameof(tensors));
            if (!names.Add(pair.TargetName))
            {
                throw new ArgumentException($"Target '{pair.TargetName}' appears twice.", nameof(tensors));
            }
        }

        Alpha = alpha;
        Tensors = tensors;
        Architecture = architecture;
    }

    /// <summary>LoRA alpha; 0 means the scale is the user scale alone.</summary>
    public float Alpha { get; }

    /// <summary>The adapted tensors.</summary>
    public IReadOnlyList<LoraTensorPair> Tensors { get; }

    /// <summary>The base model's architecture name (<c>general.architecture</c>).</summary>
    public string Architecture { get; }
}
