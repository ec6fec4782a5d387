namespace EdgeFM.Inference.Generation;

/// <summary>A sequence would need more positions than its session's context length.</summary>
public sealed class ContextLengthExceededException : InvalidOperationException
{
    public ContextLengthExceededException(int requiredPositions, int contextLength)
        : base($"The sequence needs {requiredPositions} positions but the context length is {contextLength} tokens; shorten the prompt, generate fewer tokens, or use a larger context length.")
    {
        RequiredPositions = requiredPositions;
        ContextLength = contextLength;
    }

    /// <summary>Positions the sequence would occupy.</summary>
    public int RequiredPositions { get; }

    /// <summary>The session's context length.</summary>
    public int ContextLength { get; }
}
