namespace EdgeFM.Inference.Tokenization;

/// <summary>
/// Two adjacent token ids, the key of a BPE merge. Its hash mixes both ids: the default hash of a packed
/// <see cref="long"/> is <c>left ^ right</c>, which sends every pair of equal tokens to one bucket.
/// </summary>
internal readonly record struct TokenPair(int Left, int Right)
{
    public bool Equals(TokenPair other) => Left == other.Left && Right == other.Right;

    public override int GetHashCode() => HashCode.Combine(Left, Right);
}
