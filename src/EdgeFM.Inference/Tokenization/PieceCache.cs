using System.Collections.Concurrent;

namespace EdgeFM.Inference.Tokenization;

/// <summary>
/// A thread-safe cache of token ids per pre-token (word), probed with spans. It holds at most <see cref="Capacity"/>
/// entries of at most <see cref="MaxKeyLength"/> characters and is emptied when full, so hostile input cannot grow it
/// without bound.
/// </summary>
internal sealed class PieceCache
{
    public const int Capacity = 1 << 16;
    public const int MaxKeyLength = 128;

    private readonly ConcurrentDictionary<string, int[]> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private int _count;

    public PieceCache() => _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<char>>();

    public bool TryGet(ReadOnlySpan<char> key, out int[] tokens)
    {
        if (key.Length <= MaxKeyLength)
        {
            return _bySpan.TryGetValue(key, out tokens!);
        }

        tokens = [];
        return false;
    }

    public void Add(ReadOnlySpan<char> key, int[] tokens)
    {
        if (key.Length > MaxKeyLength)
        {
            return;
        }

        if (Interlocked.Increment(ref _count) > Capacity)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _count, 0);
        }

        _bySpan.TryAdd(key, tokens);
    }
}
