using System.Buffers;
using System.Text;

namespace EdgeFM.Inference.Tokenization;

public sealed partial class SentencePieceTokenizer
{
    /// <inheritdoc />
    /// <remarks>Unpaired surrogates are replaced by U+FFFD first. Runs in O(n log n) for n code points.</remarks>
    public int[] Encode(string text, bool addBos) => Encode(text, addBos, parseSpecial: false);

    /// <inheritdoc />
    public int[] Encode(string text, bool addBos, bool parseSpecial) => Encode(text, addBos, parseSpecial, atStart: true);

    /// <inheritdoc />
    /// <remarks>The same as <see cref="Encode(string, bool)"/> without BOS, but for the space prefix at the start.</remarks>
    public int[] EncodeContinuation(string text) => Encode(text, addBos: false, parseSpecial: false, atStart: false);

    /// <summary>Tokenizes <paramref name="text"/>; a '▁' is prepended (with <see cref="AddSpacePrefix"/>) only when <paramref name="atStart"/>.</summary>
    private int[] Encode(string text, bool addBos, bool parseSpecial, bool atStart)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new List<int>(text.Length / 3 + 2);
        if (addBos && BosTokenId >= 0)
        {
            output.Add(BosTokenId);
        }

        if (text.Length == 0)
        {
            return [.. output];
        }

        text = TextSanitizer.ReplaceLoneSurrogates(text);

        // As in llama.cpp, the space prefix goes at the start and after every token matched whole; text that continues
        // other text does not start a text, so gets none at its start.
        var previousWasToken = atStart;
        foreach (var fragment in _table.Partition(text, parseSpecial))
        {
            if (fragment.TokenId >= 0)
            {
                output.Add(fragment.TokenId);
                previousWasToken = true;
                continue;
            }

            EncodeRaw(text.AsSpan(fragment.Start, fragment.Length), AddSpacePrefix && previousWasToken, output);
            previousWasToken = false;
        }

        return [.. output];
    }

    /// <summary>
    /// Whether no token holds '▁' right after another character. Then no merge can cross the start of a run of '▁'
    /// that follows other text, so words can be tokenized (and cached) one at a time with the same result as the whole.
    /// </summary>
    private static bool CanSplitBeforeSpaces(string[] tokens) =>
        !tokens.Any(HasSpaceAfterOther);

    private static bool HasSpaceAfterOther(string token)
    {
        for (var i = 1; i < token.Length; i++)
        {
            if (token[i] == SpaceSymbol && token[i - 1] != SpaceSymbol)
            {
                return true;
            }
        }

        return false;
    }

    private void EncodeRaw(ReadOnlySpan<char> raw, bool prefixSpace, List<int> output)
    {
        var length = raw.Length + (prefixSpace ? 1 : 0);
        var chars = ArrayPool<char>.Shared.Rent(length);
        try
        {
            var text = chars.AsSpan(0, length);
            if (prefixSpace)
            {
                text[0] = SpaceSymbol;
            }

            raw.Replace(text[(prefixSpace ? 1 : 0)..], ' ', SpaceSymbol);
            if (!SplitBeforeSpaces)
            {
                EncodeSegment(text, output);
                return;
            }

            var start = 0;
            for (var i = 1; i <= text.Length; i++)
            {
                if (i == text.Length || (text[i] == SpaceSymbol && text[i - 1] != SpaceSymbol))
                {
                    EncodeCached(text[start..i], output);
                    start = i;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private void EncodeCached(ReadOnlySpan<char> word, List<int> output)
    {
        if (_cache.TryGet(word, out var cached))
        {
            output.AddRange(cached);
            return;
        }

        var start = output.Count;
        EncodeSegment(word, output);
        _cache.Add(word, [.. output[start..]]);
    }

    private void EncodeSegment(ReadOnlySpan<char> text, List<int> output)
    {
        var symbols = new SymbolChain(text.Length);
        try
        {
            for (var i = 0; i < text.Length;)
            {
                var size = TextSanitizer.CodePointLength(text, i);
                symbols.Add(i, size);
                i += size;
            }

            if (symbols.Count == 0)
            {
                return;
            }

            MergeByScore(text, ref symbols);
            for (var i = 0; i >= 0; i = symbols.Next[i])
            {
                EmitSymbol(text.Slice(symbols.Start[i], symbols.Length[i]), output);
            }
        }
        finally
        {
            symbols.Dispose();
        }
    }

    private void MergeByScore(ReadOnlySpan<char> text, ref SymbolChain symbols)
    {
        var queue = new PriorityQueue<MergeCandidate, long>(symbols.Count);
        for (var i = 0; i + 1 < symbols.Count; i++)
        {
            TryQueue(text, symbols, i, i + 1, queue);
        }

        while (queue.TryDequeue(out var candidate, out _))
        {
            // A candidate is stale when either side has merged since it was queued.
            if (symbols.Length[candidate.Left] == 0 || symbols.Length[candidate.Right] == 0
                || symbols.Length[candidate.Left] + symbols.Length[candidate.Right] != candidate.Size)
            {
                continue;
            }

            symbols.MergeWithNext(candidate.Left);
            TryQueue(text, symbols, symbols.Previous[candidate.Left], candidate.Left, queue);
            TryQueue(text, symbols, candidate.Left, symbols.Next[candidate.Left], queue);
        }
    }

    private void TryQueue(ReadOnlySpan<char> text, SymbolChain symbols, int left, int right, PriorityQueue<MergeCandidate, long> queue)
    {
        if (left < 0 || right < 0)
        {
            return;
        }

        var size = symbols.Length[left] + symbols.Length[right];
        if (_table.TryGetId(text.Slice(symbols.Start[left], size), out var id))
        {
            queue.Enqueue(new MergeCandidate(left, right, size), MergeCandidate.ByScore(_scores[id], left));
        }
    }

    private void EmitSymbol(ReadOnlySpan<char> symbol, List<int> output)
    {
        if (_table.TryGetId(symbol, out var id))
        {
            output.Add(id);
            return;
        }

        Span<byte> bytes = stackalloc byte[8];
        var count = Encoding.UTF8.GetBytes(symbol, bytes);
        foreach (var b in bytes[..count])
        {
            var byteToken = _byteTokens[b] >= 0 ? _byteTokens[b] : UnknownTokenId;
            if (byteToken >= 0)
            {
                output.Add(byteToken);
            }
        }
    }
}
