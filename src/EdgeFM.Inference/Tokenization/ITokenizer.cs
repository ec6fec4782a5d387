using System.Buffers;

namespace EdgeFM.Inference.Tokenization;

/// <summary>
/// Converts between text and token ids for one vocabulary. Implementations are immutable and thread-safe.
/// </summary>
public interface ITokenizer
{
    /// <summary>Number of tokens in the vocabulary; valid ids are 0 .. VocabularySize-1.</summary>
    int VocabularySize { get; }

    /// <summary>Beginning-of-sequence token id, or -1 when the vocabulary has none.</summary>
    int BosTokenId { get; }

    /// <summary>End-of-sequence token id, or -1 when the vocabulary has none.</summary>
    int EosTokenId { get; }

    /// <summary>Tokenizes <paramref name="text"/>, with the BOS token first when <paramref name="addBos"/> is set and the vocabulary has one.</summary>
    int[] Encode(string text, bool addBos);

    /// <summary>
    /// Tokenizes <paramref name="text"/> like <see cref="Encode(string, bool)"/>; with <paramref name="parseSpecial"/>,
    /// control tokens written in the text (<c>&lt;s&gt;</c>, <c>&lt;|endoftext|&gt;</c>, chat-template markers) become
    /// those tokens instead of plain text, as llama.cpp's <c>parse_special</c>.
    /// </summary>
    int[] Encode(string text, bool addBos, bool parseSpecial) => Encode(text, addBos);

    /// <summary>
    /// Tokenizes <paramref name="text"/> as it reads when it follows other text: the tokens to append after the tokens of
    /// the text before it (no BOS, control tokens as plain text). For SentencePiece with a dummy space prefix, no '▁' is
    /// prepended (llama.cpp adds it only at the start of the text), so " The" gives "▁The", not "▁" "▁The", and ", with"
    /// gives "," "▁with", not "▁," "▁with"; for GPT-2 byte-level BPE, which has no dummy prefix, it equals
    /// <c>Encode(text, addBos: false)</c>. Tokens never merge across the join: <c>Encode(a) + EncodeContinuation(b)</c>
    /// always decodes to <c>a + b</c> (decode the continuation after the tokens before it: SentencePiece drops a leading
    /// space only at the start of the text), and it equals <c>Encode(a + b)</c> when no token of that tokenization spans
    /// the join, as when <paramref name="text"/> starts with a space in a vocabulary with no token holding '▁' after
    /// another character (llama's, the stories vocabularies) and <c>a</c> does not end with a space.
    /// </summary>
    int[] EncodeContinuation(string text);

    /// <summary>
    /// Appends the UTF-8 bytes token <paramref name="tokenId"/> contributes to the text when it follows
    /// <paramref name="previousTokenId"/> (-1 at the start). The previous token matters for SentencePiece, which drops the
    /// leading space of the first piece after BOS. Bytes of one character may be split across tokens (byte fallback,
    /// byte-level BPE); a streaming decoder buffers them to emit whole characters.
    /// </summary>
    void AppendTokenBytes(int tokenId, int previousTokenId, IBufferWriter<byte> output);

    /// <summary>The vocabulary entry of <paramref name="tokenId"/> as stored (for inspection, not for decoding).</summary>
    string GetTokenText(int tokenId);

    /// <summary>Whether prompts of this vocabulary start with BOS by default (GGUF <c>tokenizer.ggml.add_bos_token</c>).</summary>
    bool AddBosByDefault => BosTokenId >= 0;

    /// <summary>The kind of vocabulary entry <paramref name="tokenId"/> is.</summary>
    TokenType GetTokenType(int tokenId) => TokenType.Normal;
}
