namespace EdgeFM.Inference.Training;

/// <summary>
/// One training example as tokens. The model reads <c>Tokens[0..^1]</c> and predicts <c>Tokens[1..]</c>; the loss counts
/// the predictions of tokens at index <see cref="FirstTarget"/> and later (the completion of a prompt/completion line,
/// or everything after the first token of a text line).
/// </summary>
/// <param name="Tokens">The token ids, BOS first when the tokenizer adds one; at least two.</param>
/// <param name="FirstTarget">Index of the first token whose prediction is in the loss, 1 ≤ FirstTarget &lt; Tokens.Length.</param>
/// <param name="Line">1-based line of the data file the example came from (0 when not from a file).</param>
public sealed record TrainingSequence(int[] Tokens, int FirstTarget, int Line = 0)
{
    /// <summary>Number of predictions in the loss.</summary>
    public int TargetCount => Tokens.Length - FirstTarget;
}
