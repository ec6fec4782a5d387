using System.Text.Json;
using EdgeFM.Inference.Tokenization;

namespace EdgeFM.Inference.Training;

/// <summary>
/// Reads fine-tuning data: JSON Lines, one object per line, either <c>{"prompt": "...", "completion": "..."}</c>
/// (the loss counts the completion's tokens and the end-of-sequence token after it) or <c>{"text": "..."}</c> (the
/// loss counts every token after the first). Blank lines are skipped.
/// </summary>
public static class TrainingData
{
    /// <summary>
    /// Reads and tokenizes <paramref name="path"/>. Each example is BOS (when the tokenizer adds one) + prompt +
    /// completion (or text) + EOS, cut to <paramref name="maxTokens"/> tokens; an example whose completion is cut away
    /// entirely is an error, since it would teach nothing.
    /// </summary>
    /// <exception cref="TrainingDataException">The file is missing, empty, or a line is not valid (the message names file and line).</exception>
    public static IReadOnlyList<TrainingSequence> Load(string path, ITokenizer tokenizer, int maxTokens)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TrainingDataException(path, 0, $"cannot be read: {ex.Message}", ex);
        }

        var sequences = new List<TrainingSequence>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!string.IsNullOrWhiteSpace(lines[i]))
            {
                sequences.Add(Parse(path, i + 1, lines[i], tokenizer, maxTokens));
            }
        }

        return sequences.Count > 0
            ? sequences
            : throw new TrainingDataException(path, 0, "has no examples; write one JSON object per line: {\"prompt\":..,\"completion\":..} or {\"text\":..}.");
    }

    /// <summary>Tokenizes one line (1-based <paramref name="lineNumber"/>) of <paramref name="path"/>.</summary>
    internal static TrainingSequence Parse(string path, int lineNumber, string line, ITokenizer tokenizer, int maxTokens)
    {
        string? prompt = null;
        string? completion = null;
        string? text = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Bad("is not a JSON object");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "prompt":
                        prompt = StringValue(property);
                        break;
                    case "completion":
                        completion = StringValue(property);
                        break;
                    case "text":
                        text = StringValue(property);
                        break;
                    default:
                        throw Bad($"has an unknown field \"{property.Name}\"");
                }
            }
        }
        catch (JsonException ex)
        {
            throw new TrainingDataException(path, lineNumber, $"is not valid JSON ({ex.Message}); {Expected}", ex);
        }

        if (text is not null && (prompt is not null || completion is not null))
        {
            throw Bad("has both \"text\" and \"prompt\"/\"completion\"");
        }

        if (text is null && (prompt is null || completion is null))
        {
            throw Bad(prompt is null && completion is null ? "has neither \"text\" nor \"prompt\" and \"completion\"" : "needs both \"prompt\" and \"completion\"");
        }

        var eos = tokenizer.EosTokenId;
        int[] tokens;
        int firstTarget;
        if (text is not null)
        {
            tokens = WithEos(tokenizer.Encode(text, tokenizer.AddBosByDefault), eos);
            firstTarget = 1;
        }
        else
        {
            if (completion!.Length == 0)
            {
                throw Bad("has an empty \"completion\"");
            }

            var promptTokens = tokenizer.Encode(prompt!, tokenizer.AddBosByDefault);
            tokens = WithEos(tokenizer.Encode(prompt + completion, tokenizer.AddBosByDefault), eos);

            // The completion starts where the joint encoding stops agreeing with the prompt's own (a token may merge
            // across the boundary; it then belongs to the completion).
            firstTarget = 0;
            while (firstTarget < promptTokens.Length && firstTarget < tokens.Length && promptTokens[firstTarget] == tokens[firstTarget])
            {
                firstTarget++;
            }

            firstTarget = Math.Max(1, firstTarget);
        }

        if (tokens.Length < 2)
        {
            throw Bad("has too little text: it needs at least two tokens");
        }

        if (tokens.Length > maxTokens)
        {
            tokens = tokens[..maxTokens];
        }

        if (firstTarget >= tokens.Length)
        {
            throw Bad($"has a prompt of {firstTarget} tokens, which leaves no completion token within the sequence length of {maxTokens - 1}; shorten the prompt or raise --seq-len");
        }

        return new TrainingSequence(tokens, firstTarget, lineNumber);

        TrainingDataException Bad(string problem) => new(path, lineNumber, $"{problem}; {Expected}");

        string StringValue(JsonProperty property) => property.Value.ValueKind == JsonValueKind.String
            ? property.Value.GetString()!
            : throw Bad($"field \"{property.Name}\" is {property.Value.ValueKind}, not a string");
    }

    private const string Expected = "each line must be {\"prompt\":\"..\",\"completion\":\"..\"} or {\"text\":\"..\"}.";

    private static int[] WithEos(int[] tokens, int eos) => eos >= 0 ? [.. tokens, eos] : tokens;
}
