namespace EdgeFM.Inference.Generation;

/// <summary>Why a generation ended.</summary>
public enum FinishReason
{
    /// <summary><see cref="GenerationOptions.MaxTokens"/> tokens were generated or the context is full.</summary>
    Length,

    /// <summary>The text reached one of <see cref="GenerationOptions.StopSequences"/> (which is not part of the output).</summary>
    Stop,

    /// <summary>The model produced its end-of-sequence token (or a BOS token, which starts a new document).</summary>
    EndOfSequence,

    /// <summary>The caller's cancellation token was signalled.</summary>
    Cancelled,
}
