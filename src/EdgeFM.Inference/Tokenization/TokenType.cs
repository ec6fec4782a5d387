namespace EdgeFM.Inference.Tokenization;

/// <summary>
/// The kind of a vocabulary entry, with the values of GGUF's <c>tokenizer.ggml.token_type</c> (SentencePiece's piece types).
/// </summary>
public enum TokenType
{
    /// <summary>No type recorded.</summary>
    Undefined = 0,

    /// <summary>An ordinary piece of text.</summary>
    Normal = 1,

    /// <summary>The unknown token, emitted for text the vocabulary cannot represent.</summary>
    Unknown = 2,

    /// <summary>A control token (BOS, EOS, ...): never produced from text, decodes to nothing.</summary>
    Control = 3,

    /// <summary>A user-defined token: always matched as a whole in text and decoded verbatim.</summary>
    UserDefined = 4,

    /// <summary>A reserved, unused slot.</summary>
    Unused = 5,

    /// <summary>A byte-fallback token <c>&lt;0xNN&gt;</c> standing for one raw byte.</summary>
    Byte = 6,
}
