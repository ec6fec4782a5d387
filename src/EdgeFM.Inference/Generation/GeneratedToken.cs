namespace EdgeFM.Inference.Generation;

/// <summary>
/// One step of a streamed generation. <see cref="Text"/> is the text released with this token: whole UTF-8
/// characters only, possibly empty (while a multi-byte character or a possible stop sequence is pending) and possibly
/// holding text held back from earlier tokens. The last element has <see cref="FinishReason"/> and
/// <see cref="Statistics"/> set; for <see cref="Generation.FinishReason.Cancelled"/> its <see cref="TokenId"/> is -1.
/// </summary>
/// <param name="TokenId">The generated token id (-1 for a final element without a token).</param>
/// <param name="Text">Text released with this token.</param>
/// <param name="FinishReason">Why generation ended, on the last element only.</param>
/// <param name="Statistics">Counts and timings, on the last element only.</param>
public readonly record struct GeneratedToken(int TokenId, string Text, FinishReason? FinishReason = null, GenerationStatistics? Statistics = null)
{
    /// <summary>True on the last element of a generation.</summary>
    public bool IsFinal => FinishReason is not null;
}
