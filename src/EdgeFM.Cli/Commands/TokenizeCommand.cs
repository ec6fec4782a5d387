using System.CommandLine;
using System.Globalization;
using System.Text;
using EdgeFM.Inference;
using EdgeFM.Inference.Tokenization;

namespace EdgeFM.Cli.Commands;

/// <summary><c>edgefm tokenize</c>: the token ids of a text under a model's tokenizer.</summary>
internal static class TokenizeCommand
{
    internal const string Name = "tokenize";

    internal const string Description = "Print the token ids of a text.";

    public static Command Create()
    {
        var model = new Option<string?>("--model", "-m") { Description = "Model file: GGUF (its own vocabulary) or llama2.c checkpoint (needs --tokenizer)." };
        var tokenizerFile = new Option<string?>("--tokenizer") { Description = "Tokenizer file: llama2.c tokenizer.bin or a GGUF file; alone or with --model." };
        var text = new Option<string>("--text") { Description = "The text to tokenize.", Required = true };
        var noBos = new Option<bool>("--no-bos") { Description = "Do not start with the BOS token (added by default when the vocabulary asks for it)." };
        var special = new Option<bool>("--special") { Description = "Read control tokens written in the text (<s>, <|endoftext|>) as those tokens, not as plain text." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object {\"tokens\":[..]} instead of one token per line." };
        var command = new Command(Name, Description);
        command.Options.Add(model);
        command.Options.Add(tokenizerFile);
        command.Options.Add(text);
        command.Options.Add(noBos);
        command.Options.Add(special);
        command.Options.Add(json);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var tokenizer = Load(parseResult.GetValue(model), parseResult.GetValue(tokenizerFile));
            var ids = tokenizer.Encode(
                parseResult.GetValue(text) ?? "", tokenizer.AddBosByDefault && !parseResult.GetValue(noBos), parseResult.GetValue(special));
            var output = parseResult.GetValue(json) ? FormatJson(ids) : FormatLines(tokenizer, ids);
            await Console.Out.WriteAsync(output.AsMemory(), cancellationToken).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"{ids.Length} tokens.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static ITokenizer Load(string? model, string? tokenizer)
    {
        if (string.IsNullOrEmpty(model) && string.IsNullOrEmpty(tokenizer))
        {
            throw new CliException("give --model FILE (a GGUF model or vocabulary), --tokenizer FILE, or both.");
        }

        try
        {
            return TokenizerLoader.ForModel(model, tokenizer);
        }
        catch (ModelFileException ex)
        {
            throw new CliException(ex.Message, ex);
        }
    }

    private static string FormatJson(int[] ids) =>
        "{\"tokens\":[" + string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture))) + "]}" + Environment.NewLine;

    /// <summary>One line per token: its id, a tab, and its vocabulary entry with control characters escaped.</summary>
    private static string FormatLines(ITokenizer tokenizer, int[] ids)
    {
        var builder = new StringBuilder();
        foreach (var id in ids)
        {
            builder.Append(id.ToString(CultureInfo.InvariantCulture)).Append('\t');
            foreach (var c in tokenizer.GetTokenText(id))
            {
                _ = c switch
                {
                    '\n' => builder.Append("\\n"),
                    '\r' => builder.Append("\\r"),
                    '\t' => builder.Append("\\t"),
                    '\\' => builder.Append("\\\\"),
                    _ when char.IsControl(c) => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                    _ => builder.Append(c),
                };
            }

            builder.AppendLine();
        }

        return builder.ToString();
    }
}
