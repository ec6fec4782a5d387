using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;

namespace EdgeFM.Inference.Training;

public sealed partial class LoraParameters
{
    /// <summary>
    /// Saves the adapter in llama.cpp's GGUF LoRA format (float32 factors) with <see cref="LoraAdapterWriter"/>: written
    /// under a temporary name and renamed when complete, so a failure never leaves a half-written file.
    /// </summary>
    public void Save(string path) => LoraAdapterWriter.Write(path, ToWeights());

    /// <summary>The weights as the adapter format's tensor pairs (copies), one per adapted base tensor.</summary>
    public LoraWeights ToWeights() => new(
        Alpha,
        [.. Slots.Select(s => new LoraTensorPair(s.TensorName, Rank, s.Inputs, s.Outputs, A(s).ToArray(), B(s).ToArray()))]);

    /// <summary>
    /// Reads an adapter file (llama.cpp's GGUF LoRA format) for a model of <paramref name="config"/>, e.g. one that
    /// <see cref="Save"/> wrote, to evaluate it or train it further.
    /// </summary>
    /// <exception cref="ModelFileException">The file is not an adapter, or not one that training can continue: every
    /// layer must adapt the same block matrices with one rank and the base model's shapes.</exception>
    public static LoraParameters Load(string path, LlamaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var weights = LoraAdapter.Open(path).ToWeights();
        return FromWeights(weights, config, Path.GetFullPath(path));
    }

    /// <summary>Copies <paramref name="weights"/> into new parameters; <paramref name="source"/> names them in errors.</summary>
    /// <exception cref="ModelFileException">The pairs do not form a trainable adapter of <paramref name="config"/>.</exception>
    public static LoraParameters FromWeights(LoraWeights weights, LlamaConfig config, string source)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(config);
        var byName = weights.Tensors.ToDictionary(t => t.TargetName, StringComparer.Ordinal);
        var rank = weights.Tensors[0].Rank;
        var targets = TrainingTargets.All.Where(t => byName.ContainsKey(TrainingTargets.TensorName(0, t))).ToArray();
        if (targets.Length == 0 || weights.Alpha <= 0)
        {
            throw new ModelFileException(source, targets.Length == 0
                ? "adapts none of layer 0's attn_q, attn_k, attn_v, attn_output, ffn_gate, ffn_up, ffn_down; training continues only adapters that do."
                : $"has alpha {weights.Alpha}; training needs a positive alpha (scale = alpha / rank).");
        }

        var parameters = new LoraParameters(config, rank, weights.Alpha, targets);
        if (parameters.Slots.Count != weights.Tensors.Count)
        {
            throw new ModelFileException(source, $"has {weights.Tensors.Count} tensor pairs but a model of {config.Layers} layers with targets {string.Join(",", targets.Select(TrainingTargets.ShortName))} has {parameters.Slots.Count}; every layer must adapt the same matrices.");
        }

        foreach (var slot in parameters.Slots)
        {
            if (!byName.TryGetValue(slot.TensorName, out var pair))
            {
                throw new ModelFileException(source, $"has no {slot.TensorName} pair; every layer must adapt the same matrices.");
            }

            if (pair.Rank != rank || pair.InputDimension != slot.Inputs || pair.OutputDimension != slot.Outputs)
            {
                throw new ModelFileException(source, $"{slot.TensorName} is rank {pair.Rank}, {pair.InputDimension} → {pair.OutputDimension}; the base model needs rank {rank}, {slot.Inputs} → {slot.Outputs}.");
            }

            pair.A.CopyTo(parameters.A(slot));
            pair.B.CopyTo(parameters.B(slot));
        }

        return parameters;
    }
}
