using System.Globalization;
using EdgeFM.TestSupport;

namespace EdgeFM.Inference.Tests.Tokenization;

/// <summary>llama.cpp's tokenizer test vectors: <c>.inp</c> strings separated by "\n__ggml_vocab_test__\n", <c>.out</c> one line of ids per string.</summary>
internal static class VocabularyTestVectors
{
    public static IReadOnlyList<(string Text, int[] Expected)> Load(string vocabularyFile)
    {
        var path = SharedPaths.Model(Path.Combine("vocab", vocabularyFile));
        var inputs = File.ReadAllText(path + ".inp").Split("\n__ggml_vocab_test__\n");
        var outputs = File.ReadAllText(path + ".out").Split('\n');

        // Both files end with a terminator, leaving one empty trailing element.
        Assert.Equal(inputs.Length, outputs.Length);
        return [.. inputs.Take(inputs.Length - 1).Zip(outputs, (text, line) => (text, ParseIds(line)))];
    }

    public static string[] Texts(string vocabularyFile) => [.. Load(vocabularyFile).Select(v => v.Text)];

    private static int[] ParseIds(string line) =>
        [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
}
