using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Tokenization;
using EdgeFM.TestSupport;
using LLama;
using LLama.Common;
using Microsoft.ML.Tokenizers;

namespace EdgeFM.Peers.Tests.Tokenization;

/// <summary>EdgeFM's GPT-2 tokenizer from the shared GGUF vocabulary and Microsoft.ML.Tokenizers' GPT-2 tiktoken tokenizer, loaded once.</summary>
internal static class PeerTokenizers
{
    private static readonly Lazy<Gpt2Tokenizer> EdgeFmLazy = new(() =>
    {
        using var file = GgufFile.Open(SharedPaths.Model("vocab/ggml-vocab-gpt-2.gguf"));
        return (Gpt2Tokenizer)TokenizerLoader.FromGguf(file);
    });

    private static readonly Lazy<TiktokenTokenizer> MicrosoftLazy = new(() => TiktokenTokenizer.CreateForModel("gpt2"));

    // llama.cpp reads the vocabulary-only GGUF file as a model without weights.
    private static readonly Lazy<LLamaWeights> LlamaCppLazy = new(() =>
        LLamaWeights.LoadFromFile(new ModelParams(SharedPaths.Model("vocab/ggml-vocab-gpt-2.gguf")) { VocabOnly = true }));

    public static Gpt2Tokenizer EdgeFm => EdgeFmLazy.Value;

    public static LLamaWeights LlamaCpp => LlamaCppLazy.Value;

    public static TiktokenTokenizer Microsoft => MicrosoftLazy.Value;
}
