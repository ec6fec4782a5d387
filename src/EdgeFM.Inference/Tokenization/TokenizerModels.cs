namespace EdgeFM.Inference.Tokenization;

/// <summary>Values of GGUF's <c>tokenizer.ggml.model</c>.</summary>
public static class TokenizerModels
{
    /// <summary>SentencePiece BPE with scores and byte fallback (Llama, Llama 2, TinyLlama, stories*).</summary>
    public const string Llama = "llama";

    /// <summary>GPT-2 byte-level BPE with merges.</summary>
    public const string Gpt2 = "gpt2";
}
