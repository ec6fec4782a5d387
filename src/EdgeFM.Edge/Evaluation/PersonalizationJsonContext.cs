using System.Text.Json.Serialization;

namespace EdgeFM.Edge.Evaluation;

/// <summary>Source-generated JSON for the personalization data set: no reflection, so the native build reads and writes it too.</summary>
[JsonSerializable(typeof(PersonalizationItem))]
internal sealed partial class PersonalizationJsonContext : JsonSerializerContext;
