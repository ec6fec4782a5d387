using System.Text;
using System.Text.Json;

namespace EdgeFM.Edge.Evaluation;

/// <summary>
/// One fine-tuning example of <see cref="PersonalizationEvaluation.TrainingExamples(IReadOnlyList{PersonalizationItem}, DemonstrationCondition)"/>, in the prompt/completion form
/// <c>edgefm finetune</c> reads (the loss counts the completion's tokens only).
/// </summary>
/// <param name="Prompt">Demonstrations, then the request up to and including the concise prompt after <c>Completed: </c>.</param>
/// <param name="Completion">The rest of the reference completed prompt: each fact's lead-in, fact, the user's connector and full stop.</param>
public sealed record PersonalizationTrainingExample(string Prompt, string Completion)
{
    /// <summary>Writes <paramref name="examples"/> as JSON lines <c>{"prompt":..,"completion":..}</c> (UTF-8, no BOM).</summary>
    public static void Write(string path, IEnumerable<PersonalizationTrainingExample> examples)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(examples);
        var builder = new StringBuilder();
        foreach (var example in examples)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                writer.WriteString("prompt", example.Prompt);
                writer.WriteString("completion", example.Completion);
                writer.WriteEndObject();
            }

            builder.Append(Encoding.UTF8.GetString(stream.ToArray())).Append('\n');
        }

        File.WriteAllText(path, builder.ToString(), new UTF8Encoding(false));
    }
}
