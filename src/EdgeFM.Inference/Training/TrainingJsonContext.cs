using System.Text.Json.Serialization;

namespace EdgeFM.Inference.Training;

/// <summary>Source-generated JSON for checkpoint headers: no reflection, so the native build saves and resumes too.</summary>
[JsonSerializable(typeof(CheckpointHeader))]
internal sealed partial class TrainingJsonContext : JsonSerializerContext;
