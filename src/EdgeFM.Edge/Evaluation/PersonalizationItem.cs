using System.Text.Json.Serialization;

namespace EdgeFM.Edge.Evaluation;

/// <summary>One request of the personalization data set (one JSON object per line of <c>data/netgpt/personalization.jsonl</c>).</summary>
public sealed record PersonalizationItem
{
    /// <summary>Position in the data set, from 0.</summary>
    [JsonPropertyName("id")]
    public required int Id { get; init; }

    /// <summary><c>history</c> (served before the evaluation: becomes a demonstration) or <c>heldout</c> (evaluated).</summary>
    [JsonPropertyName("split")]
    public required string Split { get; init; }

    /// <summary>The requesting user's id.</summary>
    [JsonPropertyName("user")]
    public required string User { get; init; }

    /// <summary>Whether the user's demonstrations may serve others.</summary>
    [JsonPropertyName("shareable")]
    public required bool Shareable { get; init; }

    /// <summary>Topic label.</summary>
    [JsonPropertyName("topic")]
    public required string Topic { get; init; }

    /// <summary>When the request was made (UTC).</summary>
    [JsonPropertyName("time")]
    public required DateTimeOffset Time { get; init; }

    /// <summary>The request's latitude in degrees.</summary>
    [JsonPropertyName("lat")]
    public required double Latitude { get; init; }

    /// <summary>The request's longitude in degrees.</summary>
    [JsonPropertyName("lon")]
    public required double Longitude { get; init; }

    /// <summary>The concise prompt.</summary>
    [JsonPropertyName("prompt")]
    public required string Prompt { get; init; }

    /// <summary>Whether the user also typed their coordinates into the prompt (the evaluation appends them: the filter must remove them).</summary>
    [JsonPropertyName("coordinates_in_prompt")]
    public required bool CoordinatesInPrompt { get; init; }

    /// <summary>The facts a good completed prompt carries, verbatim.</summary>
    [JsonPropertyName("facts")]
    public required IReadOnlyList<string> Facts { get; init; }

    /// <summary>A good completed prompt: the template with the user's own connectors.</summary>
    [JsonPropertyName("reference")]
    public required string Reference { get; init; }
}
