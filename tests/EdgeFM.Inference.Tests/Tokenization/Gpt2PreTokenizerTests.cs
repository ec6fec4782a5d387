using EdgeFM.Inference.Tokenization;

namespace EdgeFM.Inference.Tests.Tokenization;

public sealed class Gpt2PreTokenizerTests
{
    [Theory]
    [InlineData("Hello world", new[] { "Hello", " world" })]
    [InlineData("I'm 'sure' they'll", new[] { "I", "'m", " '", "sure", "'", " they", "'ll" })]
    [InlineData("a  b", new[] { "a", " ", " b" })]
    [InlineData("a\n\nb", new[] { "a", "\n", "\n", "b" })]
    [InlineData("end   ", new[] { "end", "   " })]
    [InlineData("x \t y", new[] { "x", " \t", " y" })]
    [InlineData("4½ 123abc", new[] { "4½", " 123", "abc" })]
    [InlineData(" 𝕏yz!! ", new[] { " 𝕏yz", "!!", " " })]
    [InlineData("🦙🚀 ok", new[] { "🦙🚀", " ok" })]
    public void Splits_like_the_gpt2_regex(string text, string[] expected)
    {
        var pieces = new List<string>();
        for (var start = 0; start < text.Length;)
        {
            var length = Gpt2PreTokenizer.NextLength(text, start);
            pieces.Add(text.Substring(start, length));
            start += length;
        }

        Assert.Equal(expected, pieces.ToArray());
    }
}
