using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Tokenization;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Tokenization;

public sealed class StoriesReferenceTests
{
    public static TheoryData<string> Sources => ["tok512.bin", "stories260K.gguf"];

    [Theory]
    [MemberData(nameof(Sources))]
    public void Prompts_encode_to_the_reference_token_ids(string source)
    {
        var tokenizer = Load(source);

        foreach (var reference in ReferenceCase.All)
        {
            Assert.Equal(reference.PromptTokens, tokenizer.Encode(reference.Prompt, addBos: true));
        }
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Generated_tokens_decode_to_the_reference_text(string source)
    {
        var tokenizer = Load(source);

        foreach (var reference in ReferenceCase.All)
        {
            var generated = reference.Tokens.TakeWhile(t => t != tokenizer.BosTokenId).ToArray();
            Assert.Equal(reference.Text, tokenizer.Decode(generated, previousTokenId: tokenizer.BosTokenId));
        }
    }

    internal static ITokenizer Load(string source)
    {
        if (source.EndsWith(".bin", StringComparison.Ordinal))
        {
            return TokenizerLoader.FromLlama2cFile(SharedPaths.Model(source));
        }

        using var file = GgufFile.Open(SharedPaths.Model(source));
        return TokenizerLoader.FromGguf(file);
    }
}
