using EdgeFM.Inference.Lora;

namespace EdgeFM.Inference.Generation;

public sealed partial class InferenceSession
{
    private LoraAttachment? _lora;

    /// <summary>The adapter applied to this session's forward steps, or null for the base model alone.</summary>
    public LoraAdapter? Adapter => _lora?.Adapter;

    /// <summary>The user scale of <see cref="Adapter"/> (each adapted product is multiplied by scale · alpha / rank), or 0 without one.</summary>
    public float AdapterScale => _lora?.UserScale ?? 0f;

    /// <summary>
    /// Applies <paramref name="adapter"/> (unmerged: <c>y = W·x + scale · B·(A·x)</c> with
    /// <c>scale = <paramref name="scale"/> · alpha / rank</c>) to the steps that follow, or removes the adapter when null.
    /// The base model's weights are not touched, so sessions with different adapters share one model. Tokens already in
    /// the KV cache keep the keys and values computed before the change: set the adapter before <see cref="Prefill"/>
    /// (or <see cref="Reset"/>). Steps with an adapter allocate nothing either.
    /// </summary>
    /// <exception cref="ModelFileException">The adapter does not fit this session's model (the message names both files).</exception>
    public void SetAdapter(LoraAdapter? adapter, float scale = 1f)
    {
        if (!float.IsFinite(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The adapter scale must be a finite number.");
        }

        _lora = adapter is null ? null : new LoraAttachment(adapter, adapter.Bind(_model), scale, MaxBatchSize);
    }
}
