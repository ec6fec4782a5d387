using System.Text.Json.Serialization;

namespace EdgeFM.Cli.Commands;

/// <summary>
/// Source-generated JSON for the CLI's own output: no reflection, so the native (AOT) build writes the same JSON as
/// the JIT build. Names are camel case, as the commands document them.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GenerateJsonResult))]
[JsonSerializable(typeof(FinetuneJsonResult))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
