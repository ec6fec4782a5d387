namespace EdgeFM.Inference.Tokenization;

/// <summary>
/// A possible merge of two adjacent symbols, queued by priority. <see cref="Size"/> is the merged length when queued,
/// to recognise stale candidates; <see cref="Priority"/> is a score (higher first) or a rank (lower first).
/// </summary>
internal readonly record struct MergeCandidate(int Left, int Right, int Size, float Priority)
{
    /// <summary>SentencePiece order: highest score first, then leftmost.</summary>
    public static IComparer<MergeCandidate> HighestScoreFirst { get; } = Comparer<MergeCandidate>.Create(
        static (a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : a.Left.CompareTo(b.Left));

    /// <summary>BPE merge-rank order: lowest rank first, then leftmost.</summary>
    public static IComparer<MergeCandidate> LowestRankFirst { get; } = Comparer<MergeCandidate>.Create(
        static (a, b) => a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority) : a.Left.CompareTo(b.Left));
}
