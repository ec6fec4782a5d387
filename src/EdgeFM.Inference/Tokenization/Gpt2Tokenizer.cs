using System.Buffers;
using System.Text;

namespace EdgeFM.Inference.Tokenization;

/// <summary>
/// GPT-2 byte-level BPE (llama.cpp's "gpt2" vocabulary type). Text is split by the GPT-2 pre-tokenizer regex; each
/// pre-token's UTF-8 bytes are written with GPT-2's byte↔character mapping and merged pairwise, lowest merge rank
/// first (leftmost on ties), as <c>tokenizer.ggml.merges</c> lists them. Every byte has a token, so any text encodes
/// and <c>Decode(Encode(s, false)) == s</c> for every well-formed string. Results per pre-token are cached (bounded),
/// so repeated words cost one dictionary probe.
/// </summary>
public sealed partial class Gpt2Tokenizer : ITokenizer
{
    private readonly TokenTable _table;
    private readonly Dictionary<TokenPair, (int Rank, int Result)> _merges;
    private readonly int[] _byteTokens;
    private readonly PieceBytes _pieces;
    private readonly PieceCache _cache = new();

    /// <summary>Creates a tokenizer from GGUF-style vocabulary data.</summary>
    /// <param name="tokens">Token texts by id, in GPT-2's byte-to-character form.</param>
    /// <param name="types">Token types by id.</param>
    /// <param name="merges">Merges "left right", best first; the index is the rank. Merges whose sides or result are
    /// not tokens can never apply to token symbols and are ignored.</param>
    /// <param name="specialTokens">BOS, EOS and unknown ids (-1 when absent).</param>
    /// <param name="addBosByDefault">Whether prompts start with BOS by default (false for GPT-2).</param>
    /// <exception cref="ArgumentException">The lists are inconsistent or a merge is malformed.</exception>
    public Gpt2Tokenizer(string[] tokens, TokenType[] types, string[] merges, SpecialTokenIds specialTokens, bool addBosByDefault)
    {
        _table = new TokenTable(tokens, types);
        ArgumentNullException.ThrowIfNull(merges);
        BosTokenId = _table.SpecialIdOrNone(specialTokens.Bos);
        EosTokenId = _table.SpecialIdOrNone(specialTokens.Eos);
        UnknownTokenId = _table.SpecialIdOrNone(specialTokens.Unknown);
        AddBosByDefault = addBosByDefault && BosTokenId >= 0;
        _merges = BuildMerges(merges);
        _byteTokens = new int[256];
        for (var b = 0; b < 256; b++)
        {
            _byteTokens[b] = _table.TryGetId([ByteLevelMapping.ByteToChar((byte)b)], out var id) ? id : UnknownTokenId;
        }

        _pieces = new PieceBytes(tokens.Length, BuildPiece);
    }

    /// <inheritdoc />
    public int VocabularySize => _table.Count;

    /// <inheritdoc />
    public int BosTokenId { get; }

    /// <inheritdoc />
    public int EosTokenId { get; }

    /// <summary>The unknown token id, or -1 when the vocabulary has none (GPT-2 has none).</summary>
    public int UnknownTokenId { get; }

    /// <inheritdoc />
    public bool AddBosByDefault { get; }

    /// <summary>Number of merges in effect.</summary>
    public int MergeCount => _merges.Count;

    /// <inheritdoc />
    public string GetTokenText(int tokenId) => _table.GetText(tokenId);

    /// <inheritdoc />
    public TokenType GetTokenType(int tokenId) => _table.GetTokenType(tokenId);

    /// <inheritdoc />
    /// <remarks>The previous token does not matter for byte-level BPE.</remarks>
    public void AppendTokenBytes(int tokenId, int previousTokenId, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _table.CheckId(tokenId);
        output.Write(_pieces.Get(tokenId));
    }

    /// <summary>
    /// The text of <paramref name="tokenIds"/> (the same as <see cref="TokenizerExtensions.Decode"/>, which calls this):
    /// the tokens' bytes concatenated and read as UTF-8, invalid sequences becoming U+FFFD.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary.</exception>
    public string Decode(ReadOnlySpan<int> tokenIds) => _pieces.Decode(tokenIds);

    private Dictionary<TokenPair, (int Rank, int Result)> BuildMerges(string[] merges)
    {
        var result = new Dictionary<TokenPair, (int, int)>(merges.Length);
        for (var rank = 0; rank < merges.Length; rank++)
        {
            var merge = merges[rank] ?? "";
            var split = merge.Length > 1 ? merge.IndexOf(' ', 1) : -1;
            if (split < 0)
            {
                throw new ArgumentException($"merge {rank} '{merge}' is not of the form 'left right'.", nameof(merges));
            }

            var left = merge.AsSpan(0, split);
            var right = merge.AsSpan(split + 1);
            if (_table.TryGetId(left, out var leftId) && _table.TryGetId(right, out var rightId)
                && _table.TryGetId(string.Concat(left, right), out var merged))
            {
                result.TryAdd(new TokenPair(leftId, rightId), (rank, merged));
            }
        }

        return result;
    }

    private byte[] BuildPiece(int id)
    {
        var text = _table.Tokens[id];
        switch (_table.Types[id])
        {
            case TokenType.Control or TokenType.Unused:
                return [];
            case TokenType.UserDefined:
                return Encoding.UTF8.GetBytes(text);
            default:
                var bytes = new List<byte>(text.Length);
                Span<byte> utf8 = stackalloc byte[4];
                foreach (var rune in text.EnumerateRunes())
                {
                    var value = rune.IsBmp ? ByteLevelMapping.CharToByte((char)rune.Value) : -1;
                    if (value >= 0)
                    {
                        bytes.Add((byte)value);
                    }
                    else
                    {
                        // A character outside the byte mapping stands for itself.
                        bytes.AddRange(utf8[..rune.EncodeToUtf8(utf8)]);
                    }
                }

                return [.. bytes];
        }
    }
}
