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

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(Tokenizer);
        command.Options.Add(Threads);
        command.Options.Add(NoRepack);
    }

    /// <summary>Loads the model the parsed options name; load errors become a <see cref="CliException"/>.</summary>
    /// <param name="parseResult">The parsed command line.</param>
    /// <param name="contextLength">Session context override; null for the model's own.</param>
    /// <param name="loadTokenizer">False for commands that feed token ids only (the vocabulary then stays out of memory).</param>
    public LlamaModel Load(ParseResult parseResult, int? contextLength = null, bool loadTokenizer = true)
    {
        var threads = parseResult.GetValue(Threads);
        if (threads is < 1)
        {
            throw new CliException($"--threads must be at least 1 (got {threads}).");
        }

        return LoadModel(parseResult.GetValue(Model)!, parseResult.GetValue(Tokenizer), threads, contextLength, repack: !parseResult.GetValue(NoRepack), loadTokenizer);
    }

    public static LlamaModel LoadModel(string path, string? tokenizer = null, int? threads = null, int? contextLength = null, bool repack = true, bool loadTokenizer = true)
    {
        try
        {
            return LlamaModel.Load(path, new ModelLoadOptions { TokenizerPath = tokenizer, Threads = threads, ContextLength = contextLength, RepackWeights = repack, LoadTokenizer = loadTokenizer });
        }
        catch (ModelFileException ex)
        {
            throw new CliException(ex.Message, ex);
        }
    }
}
