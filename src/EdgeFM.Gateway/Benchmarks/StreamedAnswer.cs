using System.Text.Json;

namespace EdgeFM.Gateway.Benchmarks;

/// <summary>What a benchmark client read of one streamed chat answer.</summary>
/// <param name="FirstTokenMs">Milliseconds from sending the request to its first content chunk.</param>
/// <param name="Chunks">Content chunks received.</param>
/// <param name="PromptTokens">The usage chunk's <c>prompt_tokens</c> (of the stage that answered), or 0 without one.</param>
/// <param name="CompletionTokens">The usage chunk's <c>completion_tokens</c>, or 0 without one.</param>
/// <param name="CompletedPrompt">The <c>edgefm.completed_prompt</c> of a NetGPT answer, or null.</param>
/// <param name="EdgeModel">The <c>edgefm.edge_model</c> that completed a NetGPT prompt, or null.</param>
internal sealed record StreamedAnswer(double FirstTokenMs, int Chunks, int PromptTokens, int CompletionTokens, string? CompletedPrompt, string? EdgeModel)
{
    /// <summary>The answer from its timing and the usage chunk's JSON (null when the stream had none).</summary>
    public static StreamedAnswer Of(double firstTokenMs, int chunks, string? usageChunk)
    {
        if (usageChunk is null)
        {
            return new StreamedAnswer(firstTokenMs, chunks, 0, 0, null, null);
        }

        using var document = JsonDocument.Parse(usageChunk);
        var root = document.RootElement;
        var usage = root.GetProperty("usage");
        string? completed = null;
        string? edgeModel = null;
        if (root.TryGetProperty("edgefm", out var edgefm))
        {
            completed = edgefm.TryGetProperty("completed_prompt", out var c) ? c.GetString() : null;
            edgeModel = edgefm.TryGetProperty("edge_model", out var m) ? m.GetString() : null;
        }

        return new StreamedAnswer(firstTokenMs, chunks, usage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32(), completed, edgeModel);
    }
}
