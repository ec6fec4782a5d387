using EdgeFM.Inference.Models;
using EdgeFM.Inference.Training;

namespace EdgeFM.Inference.Lora;

public sealed partial class LoraAdapter
{
    private readonly Lock _bindingLock = new();
    private LlamaConfig? _boundConfig;
    private LoraBinding? _binding;

    /// <summary>Reads <paramref name="path"/> and checks that it fits <paramref name="baseModel"/> (<see cref="CheckFits"/>).</summary>
    /// <exception cref="ModelFileException">The file is not a usable adapter, or does not fit the base model; the message names both files.</exception>
    public static LoraAdapter Load(string path, LlamaModel baseModel)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        var adapter = Open(path);
        adapter.CheckFits(baseModel);
        return adapter;
    }

    /// <summary>
    /// Checks that the adapter fits <paramref name="baseModel"/> as llama.cpp checks it: the same architecture, every
    /// target tensor present in the base model, lora_a's ne[0] equal to the base tensor's ne[0] (n_in) and lora_b's ne[1]
    /// equal to its ne[1] (n_out, e.g. the vocabulary size for <c>output.weight</c>).
    /// </summary>
    /// <exception cref="ModelFileException">It does not fit; <see cref="ModelFileException.FilePath"/> is the adapter and the message also names the base model.</exception>
    public void CheckFits(LlamaModel baseModel) => Bind(baseModel);

    internal LoraBinding Bind(LlamaModel baseModel)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        lock (_bindingLock)
        {
            // Models of one shape have the same tensor names and shapes, so one binding serves all of them.
            if (_binding is not null && _boundConfig == baseModel.Config)
            {
                return _binding;
            }

            var binding = CreateBinding(baseModel);
            _boundConfig = baseModel.Config;
            _binding = binding;
            return binding;
        }
    }

    private LoraBinding CreateBinding(LlamaModel model)
    {
        if (!string.Equals(Architecture, model.Architecture, StringComparison.Ordinal))
        {
            throw Mismatch(model, $"the adapter is for architecture '{Architecture}' but the base model is '{model.Architecture}'");
        }

        var config = model.Config;
        var baseTensors = model.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var blocks = new LoraFactors?[config.Layers * LoraBinding.SlotsPerLayer];
        LoraFactors? output = null;
        foreach (var factors in _factors.Values)
        {
            var name = factors.Info.TargetName;
            if (!baseTensors.TryGetValue(name, out var baseTensor))
            {
                var hint = string.Equals(name, LoraTargets.OutputTensorName, StringComparison.Ordinal) && config.TiedOutput
                    ? " (the base model's output is tied to token_embd.weight, so it has no output.weight)"
                    : $" (the base model has {config.Layers} blocks)";
                throw Mismatch(model, $"the adapter adapts tensor '{name}', which the base model does not have{hint}");
            }

            var columns = baseTensor.Dimensions[0];
            var rows = baseTensor.Dimensions.Count > 1 ? baseTensor.Dimensions[1] : 1;
            if (factors.Info.InputDimension != columns || factors.Info.OutputDimension != rows)
            {
                var what = string.Equals(name, LoraTargets.OutputTensorName, StringComparison.Ordinal) ? " (n_out is the vocabulary size)" : string.Empty;
                throw Mismatch(model,
                    $"tensor '{name}' is [{columns}, {rows}] (n_in, n_out) in the base model but the adapter's factors are for [{factors.Info.InputDimension}, {factors.Info.OutputDimension}]{what}: lora_a's ne[0] must equal the base tensor's ne[0] and lora_b's ne[1] its ne[1]");
            }

            if (string.Equals(name, LoraTargets.OutputTensorName, StringComparison.Ordinal))
            {
                output = factors;
            }
            else if (TrySlot(name, config.Layers, out var layer, out var slot))
            {
                blocks[(layer * LoraBinding.SlotsPerLayer) + (int)slot] = factors;
            }
            else
            {
                throw Mismatch(model, $"the adapter adapts '{name}', which EdgeFM cannot adapt (supported: {string.Join(", ", LoraTargets.BlockTargets)} of each block, and {LoraTargets.OutputTensorName})");
            }
        }

        return new LoraBinding(blocks, output);
    }

    private ModelFileException Mismatch(LlamaModel model, string problem) =>
        new(FilePath, $"does not fit base model {model.FilePath}: {problem}. Use the adapter with the base model it was trained on.");

    private static bool TrySlot(string name, int layers, out int layer, out LoraTarget slot)
    {
        layer = -1;
        slot = default;
        const string Prefix = "blk.";
        const string Suffix = ".weight";
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return false;
        }

        var middle = name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Suffix.Length);
        var dot = middle.IndexOf('.');
        if (dot <= 0 || !int.TryParse(middle[..dot], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out layer) || layer >= layers)
        {
            return false;
        }

        var target = middle[(dot + 1)..];
        foreach (var candidate in TrainingTargets.All)
        {
            if (target.SequenceEqual(TrainingTargets.BlockTarget(candidate)))
            {
                slot = candidate;
                return true;
            }
        }

        return false;
    }
}
