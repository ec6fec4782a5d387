using System.Text.Json.Serialization;

namespace EdgeFM.Inference.Tests;

/// <summary>The logits recorded after running the token at <see cref="Position"/> − 1.</summary>
public sealed record ReferenceStep(
    [property: JsonPropertyName("pos")] int Position,
    [property: JsonPropertyName("next")] int Next,
    [property: JsonPropertyName("max_logit")] float MaxLogit,
    [property: JsonPropertyName("logit_0")] float Logit0,
    [property: JsonPropertyName("logit_last")] float LogitLast);
