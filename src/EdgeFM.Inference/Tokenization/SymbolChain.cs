using System.Buffers;

namespace EdgeFM.Inference.Tokenization;

/// <summary>
/// Symbols of a word being merged, as a doubly linked list over pooled arrays: merging is O(1) and a merged-away
/// symbol keeps length 0. <see cref="Value"/> holds a per-symbol value (the token id for byte-level BPE).
/// </summary>
internal struct SymbolChain : IDisposable
{
    public SymbolChain(int capacity)
    {
        Start = ArrayPool<int>.Shared.Rent(capacity);
        Length = ArrayPool<int>.Shared.Rent(capacity);
        Previous = ArrayPool<int>.Shared.Rent(capacity);
        Next = ArrayPool<int>.Shared.Rent(capacity);
        Value = ArrayPool<int>.Shared.Rent(capacity);
        Count = 0;
    }

    public int[] Start { get; }

    public int[] Length { get; }

    public int[] Previous { get; }

    public int[] Next { get; }

    public int[] Value { get; }

    public int Count { get; private set; }

    public void Add(int start, int length, int value = 0)
    {
        var index = Count++;
        Start[index] = start;
        Length[index] = length;
        Value[index] = value;
        Previous[index] = index - 1;
        Next[index] = -1;
        if (index > 0)
        {
            Next[index - 1] = index;
        }
    }

    /// <summary>Absorbs the symbol after <paramref name="left"/> into it.</summary>
    public readonly void MergeWithNext(int left)
    {
        var right = Next[left];
        Length[left] += Length[right];
        Length[right] = 0;
        Next[left] = Next[right];
        if (Next[right] >= 0)
        {
            Previous[Next[right]] = left;
        }
    }

    public readonly void Dispose()
    {
        ArrayPool<int>.Shared.Return(Start);
        ArrayPool<int>.Shared.Return(Length);
        ArrayPool<int>.Shared.Return(Previous);
        ArrayPool<int>.Shared.Return(Next);
        ArrayPool<int>.Shared.Return(Value);
    }
}
