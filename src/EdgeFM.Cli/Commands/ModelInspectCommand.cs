using System.CommandLine;
using System.Globalization;
using System.Text;
using EdgeFM.Inference.Models;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm model inspect FILE</c>: what a model file holds and the memory it needs.</summary>
internal static class ModelInspectCommand
{
    internal const string Name = "inspect";

    internal const string Description = "Show a model's architecture, hyper-parameters, tensors, vocabulary, file size and memory needed; or a LoRA adapter's alpha, ranks and tensors (with --model, whether it fits that base model).";

    internal static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Model file: GGUF (llama) or llama2.c checkpoint (.bin); or a GGUF LoRA adapter." };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "llama2.c tokenizer file (for .bin models)." };
        var baseModel = new Option<string?>("--model", "-m") { Description = "For an adapter: the base model to check it against." };
        var command = new Command(Name, Description);
        command.Arguments.Add(file);
        command.Options.Add(tokenizer);
        command.Options.Add(baseModel);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (AdapterInspection.IsAdapter(parseResult.GetValue(file)!))
            {
                await Console.Out.WriteAsync(AdapterInspection.Describe(parseResult.GetValue(file)!, parseResult.GetValue(baseModel))).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            using var model = ModelOptions.LoadModel(parseResult.GetValue(file)!, new ModelLoadOptions { TokenizerPath = parseResult.GetValue(tokenizer), RepackWeights = false });
            await Console.Out.WriteAsync(Describe(model)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    internal static string Describe(LlamaModel model)
    {
        var c = model.Config;
        var text = new StringBuilder();
        void Line(string name, object value) => text.Append(CultureInfo.InvariantCulture, $"{name,-24}{value}\n");
        Line("file", model.FilePath);
        Line("format", model.Format == ModelFormat.Gguf ? "GGUF" : "llama2.c checkpoint");
        Line("architecture", model.Architecture);
        Line("parameters", c.ParameterCount.ToString("N0", CultureInfo.InvariantCulture));
        Line("embedding dimension", c.Dimension);
        Line("layers", c.Layers);
        Line("heads", $"{c.Heads} (key/value heads {c.KvHeads}, head dimension {c.HeadDimension})");
        Line("feed-forward dimension", c.FeedForwardDimension);
        Line("context length", c.ContextLength);
        Line("rope", $"{c.RopeDimensions} dimensions, base {c.RopeBase.ToString(CultureInfo.InvariantCulture)}");
        Line("rms norm epsilon", c.NormEpsilon.ToString("G", CultureInfo.InvariantCulture));
        Line("output matrix", c.TiedOutput ? "tied to the token embedding" : "separate");
        Line("vocabulary", $"{c.VocabularySize} tokens (BOS {model.BosTokenId}, EOS {model.EosTokenId})");
        Line("tokenizer", model.Tokenizer is { } t ? $"{t.GetType().Name}, {t.VocabularySize} tokens" : "none found");
        Line("chat template", model.ChatTemplate is null ? "none" : $"{model.ChatTemplate.Length} characters");
        Line("file size", Bytes(model.FileBytes));
        Line("memory needed", $"{Bytes(model.EstimateMemoryBytes(c.ContextLength))} at context {c.ContextLength} (weights, KV cache, scratch)");
        var byType = model.Tensors.GroupBy(t => t.Type).Select(g => $"{g.Key} × {g.Count()} ({Bytes(g.Sum(t => t.ByteSize))})");
        Line("tensor types", string.Join(", ", byType));
        text.Append('\n').Append(CultureInfo.InvariantCulture, $"{"tensor",-28}{"type",-6}{"shape",-16}{"bytes",14}\n");
        foreach (var tensor in model.Tensors)
        {
            text.Append(CultureInfo.InvariantCulture, $"{tensor.Name,-28}{tensor.Type,-6}{"[" + string.Join(", ", tensor.Dimensions) + "]",-16}{tensor.ByteSize,14:N0}\n");
        }

        return text.ToString();
    }

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F2} GiB ({bytes:N0} bytes)"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F2} MiB ({bytes:N0} bytes)"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes"),
    };
}
