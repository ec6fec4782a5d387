namespace EdgeFM.Inference.Tokenization;

/// <summary>
/// A possible merge of two adjacent symbols. <see cref="Size"/> is the merged length when queued, to recognise stale
/// candidates. Queue priorities are <see cref="long"/> keys ordered ascending, so the queue needs no comparer delegate.
/// </summary>
internal readonly record struct MergeCandidate(int Left, int Right, int Size)
{
    /// <summary>SentencePiece order: highest score first, then leftmost. -0 and +0 tie, as in a float comparison.</summary>
    public static long ByScore(float score, int left)
    {
        var negated = score == 0 ? 0f : -score;
        var bits = BitConverter.SingleToInt32Bits(negated);

        // Flipping the magnitude bits of negatives makes the integer order match the float order.
        var ordered = bits >= 0 ? bits : bits ^ int.MaxValue;
        return ((long)ordered << 32) | (uint)left;
    }

    /// <summary>BPE order: lowest merge rank first, then leftmost.</summary>
    public static long ByRank(int rank, int left) => ((long)rank << 32) | (uint)left;
}
