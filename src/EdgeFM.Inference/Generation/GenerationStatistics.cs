namespace EdgeFM.Inference.Generation;

/// <summary>Counts and timings of a finished generation.</summary>
/// <param name="PromptTokens">Tokens in the prompt (BOS included).</param>
/// <param name="GeneratedTokens">Tokens generated (an end-of-sequence token included).</param>
/// <param name="PrefillTime">Time to process the prompt and compute the first logits.</param>
/// <param name="DecodeTime">Time spent sampling and running the generated tokens after the prompt.</param>
public sealed record GenerationStatistics(int PromptTokens, int GeneratedTokens, TimeSpan PrefillTime, TimeSpan DecodeTime)
{
    /// <summary>Prompt tokens per second of prefill.</summary>
    public double PrefillTokensPerSecond => PrefillTime > TimeSpan.Zero ? PromptTokens / PrefillTime.TotalSeconds : 0;

    /// <summary>Generated tokens per second of decode.</summary>
    public double DecodeTokensPerSecond => DecodeTime > TimeSpan.Zero ? GeneratedTokens / DecodeTime.TotalSeconds : 0;
}
