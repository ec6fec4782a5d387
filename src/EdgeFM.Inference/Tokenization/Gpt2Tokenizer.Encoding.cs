using System.Buffers;
using System.Text;

namespace EdgeFM.Inference.Tokenization;

public sealed partial class Gpt2Tokenizer
{
    /// <inheritdoc />
    /// <remarks>Unpaired surrogates are replaced by U+FFFD first. Runs in O(n log n) for n bytes.</remarks>
    public int[] Encode(string text, bool addBos) => Encode(text, addBos, parseSpecial: false);

    /// <inheritdoc />
    /// <remarks>Byte-level BPE has no dummy space prefix, so this is <c>Encode(text, addBos: false)</c>.</remarks>
    public int[] EncodeContinuation(string text) => Encode(text, addBos: false, parseSpecial: false);

    /// <inheritdoc />
    public int[] Encode(string text, bool addBos, bool parseSpecial)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new List<int>(text.Length / 3 + 2);
        if (addBos && BosTokenId >= 0)
        {
            output.Add(BosTokenId);
        }

        text = TextSanitizer.ReplaceLoneSurrogates(text);
        foreach (var fragment in _table.Partition(text, parseSpecial))
        {
            if (fragment.TokenId >= 0)
            {
                output.Add(fragment.TokenId);
                continue;
            }

            var raw = text.AsSpan(fragment.Start, fragment.Length);
            for (var start = 0; start < raw.Length;)
            {
                var length = Gpt2PreTokenizer.NextLength(raw, start);
                output.AddRange(EncodeWord(raw.Slice(start, length)));
                start += length;
            }
        }

        return [.. output];
    }

    private int[] EncodeWord(ReadOnlySpan<char> word)
    {
        if (_cache.TryGet(word, out var cached))
        {
            return cached;
        }

        var tokens = MergeWord(word);
        _cache.Add(word, tokens);
        return tokens;
    }

    private int[] MergeWord(ReadOnlySpan<char> word)
    {
        var byteCount = Encoding.UTF8.GetByteCount(word);
        var bytes = ArrayPool<byte>.Shared.Rent(byteCount);
        var symbols = new SymbolChain(byteCount);
        try
        {
            Encoding.UTF8.GetBytes(word, bytes);
            for (var i = 0; i < byteCount; i++)
            {
                symbols.Add(i, 1, _byteTokens[bytes[i]]);
            }

            var queue = new PriorityQueue<MergeCandidate, long>(byteCount);
            for (var i = 0; i + 1 < byteCount; i++)
            {
                TryQueue(symbols, i, i + 1, queue);
            }

            while (queue.TryDequeue(out var candidate, out _))
            {
                var left = candidate.Left;
                if (symbols.Length[left] == 0 || symbols.Length[candidate.Right] == 0
                    || symbols.Length[left] + symbols.Length[candidate.Right] != candidate.Size)
                {
                    continue;
                }

                symbols.Value[left] = _merges[new TokenPair(symbols.Value[left], symbols.Value[candidate.Right])].Result;
                symbols.MergeWithNext(left);
                TryQueue(symbols, symbols.Previous[left], left, queue);
                TryQueue(symbols, left, symbols.Next[left], queue);
            }

            var tokens = new List<int>(byteCount);
            for (var i = 0; i >= 0 && byteCount > 0; i = symbols.Next[i])
            {
                if (symbols.Value[i] >= 0)
                {
                    tokens.Add(symbols.Value[i]);
                }
            }

            return [.. tokens];
        }
        finally
        {
            symbols.Dispose();
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private void TryQueue(SymbolChain symbols, int left, int right, PriorityQueue<MergeCandidate, long> queue)
    {
        if (left < 0 || right < 0 || symbols.Value[left] < 0 || symbols.Value[right] < 0)
        {
            return;
        }

        if (_merges.TryGetValue(new TokenPair(symbols.Value[left], symbols.Value[right]), out var merge))
        {
            queue.Enqueue(new MergeCandidate(left, right, symbols.Length[left] + symbols.Length[right]), MergeCandidate.ByRank(merge.Rank, left));
        }
    }
}
