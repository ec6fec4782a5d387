using System.Buffers;
using System.Globalization;
using System.Text;

namespace EdgeFM.Inference.Tokenization;

/// <summary>
/// SentencePiece BPE as llama uses it (llama.cpp's "llama"/SPM vocabulary type). Text is split into Unicode code
/// points, spaces become '▁' (U+2581) and a '▁' is prepended to the text (and after each user-defined token) when
/// <see cref="AddSpacePrefix"/> is set; adjacent symbols are then merged, highest token score first (leftmost on ties),
/// while their concatenation is a vocabulary entry. A symbol left that is not in the vocabulary is emitted as its UTF-8
/// bytes through the <c>&lt;0xNN&gt;</c> byte-fallback tokens (the unknown token when those are missing).
/// Decoding maps '▁' back to ' ' and byte tokens to raw bytes, and drops the leading space of the first piece at the
/// start of the text or after BOS, so <c>Decode(Encode(s, false)) == s</c> for every well-formed string.
/// </summary>
public sealed partial class SentencePieceTokenizer : ITokenizer
{
    /// <summary>SentencePiece's visible space, U+2581 '▁'.</summary>
    public const char SpaceSymbol = '\u2581';

    private static readonly byte[] UnknownPiece = Encoding.UTF8.GetBytes(" \u2047 ");

    private readonly TokenTable _table;
    private readonly float[] _scores;
    private readonly int[] _byteTokens;
    private readonly byte[][] _pieces;
    private readonly PieceCache _cache = new();

    /// <summary>Creates a tokenizer over a vocabulary whose spaces are written as '▁'.</summary>
    /// <param name="tokens">Token texts by id.</param>
    /// <param name="scores">Token scores by id; higher merges first.</param>
    /// <param name="types">Token types by id.</param>
    /// <param name="specialTokens">BOS, EOS and unknown ids (-1 when absent).</param>
    /// <param name="addBosByDefault">Whether prompts start with BOS by default.</param>
    /// <param name="addSpacePrefix">Whether a '▁' is prepended to the text (llama's default).</param>
    /// <exception cref="ArgumentException">The lists differ in length or a byte token is malformed.</exception>
    public SentencePieceTokenizer(
        string[] tokens, float[] scores, TokenType[] types, SpecialTokenIds specialTokens, bool addBosByDefault, bool addSpacePrefix)
    {
        _table = new TokenTable(tokens, types);
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Length != tokens.Length)
        {
            throw new ArgumentException($"there are {scores.Length} scores for {tokens.Length} tokens; both lists must have one entry per token.", nameof(scores));
        }

        _scores = scores;
        BosTokenId = _table.SpecialIdOrNone(specialTokens.Bos);
        EosTokenId = _table.SpecialIdOrNone(specialTokens.Eos);
        UnknownTokenId = _table.SpecialIdOrNone(specialTokens.Unknown);
        AddBosByDefault = addBosByDefault && BosTokenId >= 0;
        AddSpacePrefix = addSpacePrefix;
        _byteTokens = new int[256];
        Array.Fill(_byteTokens, -1);
        _pieces = new byte[tokens.Length][];
        for (var id = 0; id < tokens.Length; id++)
        {
            _pieces[id] = BuildPiece(id);
        }

        SplitBeforeSpaces = CanSplitBeforeSpaces(tokens);
    }

    /// <inheritdoc />
    public int VocabularySize => _table.Count;

    /// <inheritdoc />
    public int BosTokenId { get; }

    /// <inheritdoc />
    public int EosTokenId { get; }

    /// <summary>The unknown token id, or -1 when the vocabulary has none.</summary>
    public int UnknownTokenId { get; }

    /// <inheritdoc />
    public bool AddBosByDefault { get; }

    /// <summary>Whether a '▁' is prepended to the text before tokenizing (and dropped again when decoding).</summary>
    public bool AddSpacePrefix { get; }

    /// <summary>
    /// Whether text is tokenized word by word (split before each run of '▁' that follows other text), with a per-word
    /// cache. Set when the vocabulary allows it (see <c>CanSplitBeforeSpaces</c>); tests turn it off to compare.
    /// </summary>
    internal bool SplitBeforeSpaces { get; init; }

    /// <summary>The score of <paramref name="tokenId"/>.</summary>
    public float GetScore(int tokenId)
    {
        _table.CheckId(tokenId);
        return _scores[tokenId];
    }

    /// <inheritdoc />
    public string GetTokenText(int tokenId) => _table.GetText(tokenId);

    /// <inheritdoc />
    public TokenType GetTokenType(int tokenId) => _table.GetTokenType(tokenId);

    /// <inheritdoc />
    public void AppendTokenBytes(int tokenId, int previousTokenId, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _table.CheckId(tokenId);
        ReadOnlySpan<byte> piece = _pieces[tokenId];
        if (AddSpacePrefix && (previousTokenId < 0 || previousTokenId == BosTokenId) && piece.Length > 0 && piece[0] == (byte)' '
            && _table.Types[tokenId] is TokenType.Normal or TokenType.Undefined)
        {
            piece = piece[1..];
        }

        output.Write(piece);
    }

    private byte[] BuildPiece(int id)
    {
        var text = _table.Tokens[id];
        switch (_table.Types[id])
        {
            case TokenType.Byte:
                if (text.Length != 6 || !text.StartsWith("<0x", StringComparison.Ordinal) || text[5] != '>'
                    || !byte.TryParse(text.AsSpan(3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
                {
                    throw new ArgumentException($"token {id} '{text}' has the byte type but is not of the form <0xNN>.", nameof(id));
                }

                _byteTokens[value] = id;
                return [value];
            case TokenType.Control or TokenType.Unused:
                return [];
            case TokenType.Unknown:
                return UnknownPiece;
            case TokenType.UserDefined:
                return Encoding.UTF8.GetBytes(text);
            default:
                return Encoding.UTF8.GetBytes(text.Replace(SpaceSymbol, ' '));
        }
    }
}
