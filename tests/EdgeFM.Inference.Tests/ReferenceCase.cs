using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests;

/// <summary>One case of <c>shared/reference/stories260K-greedy.json</c>.</summary>
public sealed record ReferenceCase(
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("steps_n")] int StepCount,
    [property: JsonPropertyName("prompt_tokens")] int[] PromptTokens,
    [property: JsonPropertyName("tokens")] int[] Tokens,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("steps")] ReferenceStep[] Steps)
{
    private static readonly Lazy<IReadOnlyList<ReferenceCase>> AllLazy = new(Load);

    public static IReadOnlyList<ReferenceCase> All => AllLazy.Value;

    public static TheoryData<int> Indexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < All.Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    private static List<ReferenceCase> Load()
    {
        using var stream = File.OpenRead(Path.Combine(SharedPaths.Reference, "stories260K-greedy.json"));
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty("cases").Deserialize<List<ReferenceCase>>()!;
    }
}
