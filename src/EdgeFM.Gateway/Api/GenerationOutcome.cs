namespace EdgeFM.Gateway.Api;

/// <summary>What a finished generation produced, for the response body and its usage.</summary>
internal sealed class GenerationOutcome
{
    public System.Text.StringBuilder Text { get; } = new();

    public int TextUpdates { get; set; }

    public string FinishReason { get; set; } = "stop";

    public long? PromptTokens { get; set; }

    public long? CompletionTokens { get; set; }
}
