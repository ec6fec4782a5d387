namespace EdgeFM.Inference.Tokenization;

/// <summary>
/// Token texts and types with a text-to-id index that can be probed with spans (no allocation per lookup).
/// When two entries share a text the later id wins, as in llama.cpp.
/// </summary>
internal sealed class TokenTable
{
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanIds;
    private readonly (string Text, int Id, bool AlwaysMatched)[] _specialLongestFirst;

    public TokenTable(string[] tokens, TokenType[] types)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(types);
        if (tokens.Length == 0)
        {
            throw new ArgumentException("the vocabulary has no tokens.", nameof(tokens));
        }

        if (types.Length != tokens.Length)
        {
            throw new ArgumentException($"there are {types.Length} token types for {tokens.Length} tokens; both lists must have one entry per token.", nameof(types));
        }

        Tokens = tokens;
        Types = types;
        _ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        var special = new List<(string, int, bool)>();
        for (var id = 0; id < tokens.Length; id++)
        {
            var text = tokens[id] ?? throw new ArgumentException($"token {id} has no text.", nameof(tokens));
            _ids[text] = id;
            if (types[id] is TokenType.UserDefined or TokenType.Control or TokenType.Unknown && text.Length > 0)
            {
                special.Add((text, id, types[id] == TokenType.UserDefined));
            }
        }

        _spanIds = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        _specialLongestFirst = [.. special.OrderByDescending(t => t.Item1.Length)];
    }

    public string[] Tokens { get; }

    public TokenType[] Types { get; }

    public int Count => Tokens.Length;

    public bool TryGetId(ReadOnlySpan<char> text, out int id) => _spanIds.TryGetValue(text, out id);

    public void CheckId(int tokenId)
    {
        if ((uint)tokenId >= (uint)Tokens.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(tokenId), tokenId, $"Token ids of this vocabulary are 0 to {Tokens.Length - 1}.");
        }
    }

    public string GetText(int tokenId)
    {
        CheckId(tokenId);
        return Tokens[tokenId];
    }

    public TokenType GetTokenType(int tokenId)
    {
        CheckId(tokenId);
        return Types[tokenId];
    }

    /// <summary>A BOS/EOS/unknown id from metadata, or -1 when absent or outside the vocabulary.</summary>
    public int SpecialIdOrNone(long id) => id >= 0 && id < Tokens.Length ? (int)id : -1;

    /// <summary>
    /// Splits <paramref name="text"/> at occurrences of special tokens, longest first, as llama.cpp does: user-defined
    /// tokens always, control and unknown tokens only when <paramref name="parseSpecial"/> is set. Fragments have
    /// <c>TokenId</c> -1 for raw text.
    /// </summary>
    public List<TextFragment> Partition(string text, bool parseSpecial)
    {
        var fragments = new List<TextFragment> { new(0, text.Length, -1) };
        foreach (var (special, id, alwaysMatched) in _specialLongestFirst)
        {
            if ((!alwaysMatched && !parseSpecial) || !text.Contains(special, StringComparison.Ordinal))
            {
                continue;
            }

            var next = new List<TextFragment>(fragments.Count + 2);
            foreach (var fragment in fragments)
            {
                if (fragment.TokenId >= 0)
                {
                    next.Add(fragment);
                    continue;
                }

                var start = fragment.Start;
                var end = fragment.Start + fragment.Length;
                while (start < end)
                {
                    var found = text.AsSpan(start, end - start).IndexOf(special, StringComparison.Ordinal);
                    if (found < 0)
                    {
                        break;
                    }

                    if (found > 0)
                    {
                        next.Add(new TextFragment(start, found, -1));
                    }

                    next.Add(new TextFragment(start + found, special.Length, id));
                    start += found + special.Length;
                }

                if (start < end)
                {
                    next.Add(new TextFragment(start, end - start, -1));
                }
            }

            fragments = next;
        }

        return fragments;
    }
}
