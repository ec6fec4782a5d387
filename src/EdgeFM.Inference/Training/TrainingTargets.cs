using EdgeFM.Inference.Models;

namespace EdgeFM.Inference.Training;

/// <summary>Command-line names, GGUF tensor names and shapes of the <see cref="LoraTarget"/>s training can adapt.</summary>
public static class TrainingTargets
{
    /// <summary>Every target, in the order adapters store them.</summary>
    public static IReadOnlyList<LoraTarget> All { get; } =
        [LoraTarget.Query, LoraTarget.Key, LoraTarget.Value, LoraTarget.AttentionOutput, LoraTarget.Gate, LoraTarget.Up, LoraTarget.Down];

    /// <summary>The short name used on the command line: q, k, v, o, gate, up, down.</summary>
    public static string ShortName(LoraTarget target) => target switch
    {
        LoraTarget.Query => "q",
        LoraTarget.Key => "k",
        LoraTarget.Value => "v",
        LoraTarget.AttentionOutput => "o",
        LoraTarget.Gate => "gate",
        LoraTarget.Up => "up",
        LoraTarget.Down => "down",
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown LoRA target."),
    };

    /// <summary>The llama.cpp tensor name of the base weight, e.g. <c>blk.3.attn_q.weight</c>.</summary>
    public static string TensorName(int layer, LoraTarget target) => Lora.LoraTargets.TensorName(layer, BlockTarget(target));

    /// <summary>The target's name inside a block's tensor names (one of <see cref="Lora.LoraTargets.BlockTargets"/>), e.g. <c>attn_q</c>.</summary>
    public static string BlockTarget(LoraTarget target) => target switch
    {
        LoraTarget.Query => Lora.LoraTargets.Query,
        LoraTarget.Key => Lora.LoraTargets.Key,
        LoraTarget.Value => Lora.LoraTargets.Value,
        LoraTarget.AttentionOutput => Lora.LoraTargets.AttentionOutput,
        LoraTarget.Gate => Lora.LoraTargets.Gate,
        LoraTarget.Up => Lora.LoraTargets.Up,
        LoraTarget.Down => Lora.LoraTargets.Down,
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown LoRA target."),
    };

    /// <summary>Input (columns) and output (rows) widths of the target's base matrix in <paramref name="config"/>.</summary>
    public static (int Inputs, int Outputs) Shape(LlamaConfig config, LoraTarget target)
    {
        ArgumentNullException.ThrowIfNull(config);
        return target switch
        {
            LoraTarget.Query => (config.Dimension, config.QueryDimension),
            LoraTarget.Key or LoraTarget.Value => (config.Dimension, config.KvDimension),
            LoraTarget.AttentionOutput => (config.QueryDimension, config.Dimension),
            LoraTarget.Gate or LoraTarget.Up => (config.Dimension, config.FeedForwardDimension),
            LoraTarget.Down => (config.FeedForwardDimension, config.Dimension),
            _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown LoRA target."),
        };
    }

    /// <summary>
    /// Parses a comma-separated list of short names (<c>q,k,v,o,gate,up,down</c>; <c>all</c> for every target) into
    /// targets in <see cref="All"/> order, without duplicates.
    /// </summary>
    /// <exception cref="FormatException">A name is unknown or the list is empty; the message lists the valid names.</exception>
    public static IReadOnlyList<LoraTarget> Parse(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var chosen = new HashSet<LoraTarget>();
        foreach (var raw in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (string.Equals(raw, "all", StringComparison.OrdinalIgnoreCase))
            {
                chosen.UnionWith(All);
                continue;
            }

            var match = All.Where(t => string.Equals(ShortName(t), raw, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (match.Length == 0)
            {
                throw new FormatException($"unknown LoRA target '{raw}'; use a comma-separated list of q, k, v, o, gate, up, down (or all).");
            }

            chosen.Add(match[0]);
        }

        if (chosen.Count == 0)
        {
            throw new FormatException("no LoRA target given; use a comma-separated list of q, k, v, o, gate, up, down (or all).");
        }

        return All.Where(chosen.Contains).ToArray();
    }
}
