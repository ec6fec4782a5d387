using System.CommandLine;
using EdgeFM.Inference;
using EdgeFM.Inference.Models;

namespace EdgeFM.Cli.Commands;

/// <summary>The options every command that loads a model shares, and the loading itself.</summary>
internal sealed class ModelOptions
{
    public Option<string> Model { get; } = new("--model", "-m") { Description = "Model file: GGUF (llama) or llama2.c checkpoint (.bin).", Required = true };

    public Option<string?> Tokenizer { get; } = new("--tokenizer") { Description = "llama2.c tokenizer file (for .bin models; default: tokenizer.bin beside the model)." };

    public Option<int?> Threads { get; } = new("--threads", "-t") { Description = "Worker threads (default: one per processor)." };

    public Option<bool> NoRepack { get; } = new("--no-repack")
    {
        Description = "Keep Q4_0 weights as zero-copy views of the mapped file instead of copying them into the layout of the faster AVX2 kernel.",
    };

    public Option<string> KvType { get; } = new("--kv-type")
    {
        Description = "KV cache element type: f32 (reproduces the reference outputs) or f16 (half the cache memory and attention traffic, as llama.cpp's default).",
        DefaultValueFactory = _ => "f32",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(Tokenizer);
        command.Options.Add(Threads);
        command.Options.Add(NoRepack);
        command.Options.Add(KvType);
    }

    /// <summary>Loads the model the parsed options name; load errors become a <see cref="CliException"/>.</summary>
    /// <param name="parseResult">The parsed command line.</param>
    /// <param name="contextLength">Session context override; null for the model's own.</param>
    /// <param name="loadTokenizer">False for commands that feed token ids only (the vocabulary then stays out of memory).</param>
    public LlamaModel Load(ParseResult parseResult, int? contextLength = null, bool loadTokenizer = true) =>
        LoadModel(parseResult.GetValue(Model)!, LoadOptions(parseResult, contextLength, loadTokenizer));

    /// <summary>The load options the parsed command line asks for; bad values become a <see cref="CliException"/>.</summary>
    internal ModelLoadOptions LoadOptions(ParseResult parseResult, int? contextLength = null, bool loadTokenizer = true)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var threads = parseResult.GetValue(Threads);
        if (threads is < 1)
        {
            throw new CliException($"--threads must be at least 1 (got {threads}).");
        }

        var kvName = parseResult.GetValue(KvType);
        if (!ModelLoadOptions.TryParseKvCacheType(kvName, out var kvType))
        {
            throw new CliException($"--kv-type '{kvName}' is not supported; use f32 or f16.");
        }

        return new ModelLoadOptions
        {
            TokenizerPath = parseResult.GetValue(Tokenizer),
            Threads = threads,
            ContextLength = contextLength,
            RepackWeights = !parseResult.GetValue(NoRepack),
            LoadTokenizer = loadTokenizer,
            KvCacheType = kvType,
        };
    }

    public static LlamaModel LoadModel(string path, ModelLoadOptions options)
    {
        try
        {
            return LlamaModel.Load(path, options);
        }
        catch (ModelFileException ex)
        {
            throw new CliException(ex.Message, ex);
        }
    }
}
