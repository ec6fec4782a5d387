using System.CommandLine;
using System.Globalization;
using EdgeFM.Inference;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Synthesis;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm model synth</c>: write a random-weight llama GGUF of a given shape.</summary>
internal static class ModelSynthCommand
{
    internal const string Name = "synth";

    internal const string Description = "Write a random-weight llama model of the given shape as GGUF (for tests and benchmarks; llama.cpp reads it too).";

    private static readonly Dictionary<string, GgmlType> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["f32"] = GgmlType.F32,
        ["f16"] = GgmlType.F16,
        ["q8_0"] = GgmlType.Q8_0,
        ["q4_0"] = GgmlType.Q4_0,
        ["q4_k"] = GgmlType.Q4_K,
        ["q6_k"] = GgmlType.Q6_K,
    };

    internal static Command Create()
    {
        var dim = new Option<int>("--dim") { Description = "Embedding dimension.", Required = true };
        var layers = new Option<int>("--layers") { Description = "Transformer blocks.", Required = true };
        var heads = new Option<int>("--heads") { Description = "Attention (query) heads.", Required = true };
        var kvHeads = new Option<int?>("--kv-heads") { Description = "Key/value heads (default: --heads)." };
        var ffn = new Option<int>("--ffn") { Description = "Feed-forward hidden dimension.", Required = true };
        var vocab = new Option<int>("--vocab") { Description = "Vocabulary size (default with --tokenizer: the tokenizer's; otherwise required, at least 259)." };
        var type = new Option<string>("--type") { Description = "Weight type: f32, f16, q8_0, q4_0, q4_k or q6_k (norms stay f32).", DefaultValueFactory = _ => "f32" };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "llama2.c tokenizer file whose vocabulary the model carries (e.g. llama2-tokenizer.bin)." };
        var context = new Option<int>("--context") { Description = "Context length.", DefaultValueFactory = _ => 2048 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random weights (same seed, same file).", DefaultValueFactory = _ => 42 };
        var tied = new Option<bool>("--tied-output") { Description = "Tie the output matrix to the token embedding instead of writing output.weight." };
        var output = new Option<string>("--out", "-o") { Description = "GGUF file to write.", Required = true };
        var command = new Command(Name, Description);
        foreach (var option in new Option[] { dim, layers, heads, kvHeads, ffn, vocab, type, tokenizer, context, seed, tied, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var typeName = parseResult.GetValue(type)!;
            if (!Types.TryGetValue(typeName, out var ggmlType))
            {
                throw new CliException($"--type '{typeName}' is not supported; use one of {string.Join(", ", Types.Keys)}.");
            }

            var options = new SyntheticModelOptions
            {
                Dimension = parseResult.GetValue(dim),
                Layers = parseResult.GetValue(layers),
                Heads = parseResult.GetValue(heads),
                KvHeads = parseResult.GetValue(kvHeads) ?? parseResult.GetValue(heads),
                FeedForward = parseResult.GetValue(ffn),
                Vocabulary = parseResult.GetValue(vocab),
                Type = ggmlType,
                TokenizerPath = parseResult.GetValue(tokenizer),
                ContextLength = parseResult.GetValue(context),
                Seed = parseResult.GetValue(seed),
                SeparateOutput = !parseResult.GetValue(tied),
            };
            var path = parseResult.GetValue(output)!;
            long bytes;
            try
            {
                bytes = SyntheticModel.Write(options, path);
            }
            catch (SyntheticModelException ex)
            {
                throw new CliException($"model synth: {ex.Message}", ex);
            }
            catch (ModelFileException ex)
            {
                throw new CliException(ex.Message, ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"model synth: cannot write '{path}': {ex.Message}", ex, ExitCodes.Failure);
            }

            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFullPath(path)}\t{bytes} bytes")).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
