using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Tokenization;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Tokenization;

/// <summary>The shared vocabularies, loaded once per test run (tokenizers are immutable and thread-safe).</summary>
internal static class SharedTokenizers
{
    private static readonly Lazy<ITokenizer> LlamaLazy = new(() => FromGguf("vocab/ggml-vocab-llama-spm.gguf"));
    private static readonly Lazy<ITokenizer> Gpt2Lazy = new(() => FromGguf("vocab/ggml-vocab-gpt-2.gguf"));
    private static readonly Lazy<ITokenizer> Tok512Lazy = new(() => TokenizerLoader.FromLlama2cFile(SharedPaths.Model("tok512.bin")));

    /// <summary>The 32k Llama 2 SentencePiece vocabulary from GGUF.</summary>
    public static ITokenizer Llama => LlamaLazy.Value;

    /// <summary>GPT-2's byte-level BPE vocabulary from GGUF.</summary>
    public static ITokenizer Gpt2 => Gpt2Lazy.Value;

    /// <summary>The 512-token stories vocabulary from llama2.c's tok512.bin.</summary>
    public static ITokenizer Tok512 => Tok512Lazy.Value;

    public static ITokenizer ByName(string name) => name switch
    {
        "llama" => Llama,
        "gpt2" => Gpt2,
        "tok512" => Tok512,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown shared tokenizer."),
    };

    private static ITokenizer FromGguf(string relativePath)
    {
        using var file = GgufFile.Open(SharedPaths.Model(relativePath));
        return TokenizerLoader.FromGguf(file);
    }
}
