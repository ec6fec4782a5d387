namespace EdgeFM.Inference.Tokenization;

/// <summary>The ids of a vocabulary's special tokens, as read from metadata (-1 or out of range means absent).</summary>
/// <param name="Bos">Beginning of sequence.</param>
/// <param name="Eos">End of sequence.</param>
/// <param name="Unknown">Unknown piece.</param>
public readonly record struct SpecialTokenIds(long Bos, long Eos, long Unknown);
