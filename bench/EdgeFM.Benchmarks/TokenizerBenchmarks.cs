using BenchmarkDotNet.Attributes;
using EdgeFM.Benchmarks.Tokenization;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Tokenization;

namespace EdgeFM.Benchmarks;

/// <summary>
/// Tokenizer throughput on the shared vocabularies: encoding English prose (the stories260K reference texts, about
/// 100 KB), a multilingual mix with emoji, and one 20,000-letter word (the worst case for merging); full and streaming
/// decoding of the prose. Results per operation; divide the input size by the mean for bytes per second.
/// </summary>
[MemoryDiagnoser]
public class TokenizerBenchmarks
{
    private ITokenizer _tokenizer = null!;
    private string _text = "";
    private int[] _ids = [];

    [Params("llama-spm", "gpt-2")]
    public string Vocabulary { get; set; } = "llama-spm";

    [Params("prose", "multilingual", "one-long-word")]
    public string Input { get; set; } = "prose";

    [GlobalSetup]
    public void Setup()
    {
        using (var file = GgufFile.Open(SharedFolder.Model($"vocab/ggml-vocab-{Vocabulary}.gguf")))
        {
            _tokenizer = TokenizerLoader.FromGguf(file);
        }

        _text = Input switch
        {
            "prose" => TokenizerInputs.Repeat(TokenizerInputs.ProseUnit(), 100_000),
            "multilingual" => TokenizerInputs.Repeat("Ἰθάκη, 日本語のテキスト, مرحبا بالعالم, Führer's 🦙🚀 emoji, naïve café 1234.56\n", 100_000),
            _ => new string('a', 20_000),
        };
        _ids = _tokenizer.Encode(_text, addBos: false);
    }

    [Benchmark]
    public int Encode() => _tokenizer.Encode(_text, addBos: false).Length;

    [Benchmark]
    public int Decode() => _tokenizer.Decode(_ids).Length;

    [Benchmark]
    public int DecodeStreaming()
    {
        var decoder = new StreamingTextDecoder(_tokenizer);
        var total = 0;
        foreach (var id in _ids)
        {
            total += decoder.Push(id).Length;
        }

        return total + decoder.Flush().Length;
    }
}
