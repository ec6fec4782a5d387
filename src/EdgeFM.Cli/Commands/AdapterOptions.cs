using System.CommandLine;
using EdgeFM.Inference;
using EdgeFM.Inference.Lora;
using EdgeFM.Inference.Models;

namespace EdgeFM.Cli.Commands;

/// <summary>The LoRA adapter options of <c>generate</c> and <c>bench decode</c>, and the loading of the adapter.</summary>
internal sealed class AdapterOptions
{
    public Option<string?> Adapter { get; } = new("--adapter")
    {
        Description = "LoRA adapter file (GGUF, llama.cpp's format) applied to the model at run time; the base model stays shared.",
    };

    public Option<float> Scale { get; } = new("--adapter-scale")
    {
        Description = "Adapter scale: each adapted product is multiplied by scale × alpha / rank (0 gives the base model).",
        DefaultValueFactory = _ => 1f,
    };

    public Option<bool> Merge { get; } = new("--merge-adapter")
    {
        Description = "Merge the adapter into float32 copies of the adapted weights at load instead of applying it per step: as fast as the base for F32/F16 models, but slower and larger for quantized ones.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Adapter);
        command.Options.Add(Scale);
        command.Options.Add(Merge);
    }

    /// <summary>
    /// The adapter the parsed options name, checked against <paramref name="model"/>, or null without --adapter;
    /// a bad file or a mismatch becomes a <see cref="CliException"/> naming both files.
    /// </summary>
    public LoraAdapter? Load(ParseResult parseResult, LlamaModel model)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var path = parseResult.GetValue(Adapter);
        var scale = parseResult.GetValue(Scale);
        if (!float.IsFinite(scale))
        {
            throw new CliException($"--adapter-scale must be a finite number (got {scale}).");
        }

        if (path is null)
        {
            return parseResult.GetValue(Merge) || parseResult.GetResult(Scale) is { Implicit: false }
                ? throw new CliException("--adapter-scale and --merge-adapter need --adapter FILE.")
                : null;
        }

        try
        {
            return LoraAdapter.Load(path, model);
        }
        catch (ModelFileException ex)
        {
            throw new CliException(ex.Message, ex);
        }
    }

    /// <summary>
    /// The model to run and the adapter to attach to its sessions: with --merge-adapter a merged model (owned by the
    /// caller, to dispose before <paramref name="model"/>) and no adapter; otherwise <paramref name="model"/> itself.
    /// </summary>
    public (LlamaModel Model, LoraAdapter? Adapter, float Scale, LlamaModel? Merged) Resolve(ParseResult parseResult, LlamaModel model)
    {
        var adapter = Load(parseResult, model);
        var scale = parseResult.GetValue(Scale);
        if (adapter is not null && parseResult.GetValue(Merge))
        {
            var merged = model.MergeAdapter(adapter, scale);
            return (merged, null, scale, merged);
        }

        return (model, adapter, scale, null);
    }
}
