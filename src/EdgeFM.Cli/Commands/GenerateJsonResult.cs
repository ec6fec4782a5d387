namespace EdgeFM.Cli.Commands;

/// <summary>The one object <c>edgefm generate --json</c> prints; property names are written as declared here.</summary>
/// <param name="Text">The generated text.</param>
/// <param name="PromptTokens">The prompt's token ids.</param>
/// <param name="Tokens">The generated token ids.</param>
/// <param name="PrefillTokensPerSecond">Prompt tokens per second of prefill (0 when not measured).</param>
/// <param name="DecodeTokensPerSecond">Generated tokens per second (0 when not measured).</param>
/// <param name="FinishReason">Why generation stopped, in camel case (<c>stop</c>, <c>length</c>...), or null.</param>
internal sealed record GenerateJsonResult(
    string Text,
    int[] PromptTokens,
    IReadOnlyList<int> Tokens,
    double PrefillTokensPerSecond,
    double DecodeTokensPerSecond,
    string? FinishReason);
