using BenchmarkDotNet.Attributes;
using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Tokenization;
using Microsoft.ML.Tokenizers;

namespace EdgeFM.Benchmarks.Tokenization;

/// <summary>
/// GPT-2 tokenizer throughput, EdgeFM (from the shared GGUF vocabulary) beside Microsoft.ML.Tokenizers' GPT-2
/// tiktoken tokenizer on the same inputs (<see cref="TokenizerInputs"/>). The MB/s column is the input's UTF-8 size
/// (for decoding too: the text the ids stand for) divided by the mean time per operation, in 10^6 bytes per second.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class Gpt2PeerBenchmarks
{
    private Gpt2Tokenizer _edgeFm = null!;
    private TiktokenTokenizer _microsoft = null!;
    private string _text = "";
    private int[] _ids = [];

    [Params(TokenizerInputs.Prose, TokenizerInputs.Multilingual, TokenizerInputs.Code, TokenizerInputs.Mixed)]
    public string Input { get; set; } = TokenizerInputs.Prose;

    [GlobalSetup]
    public void Setup()
    {
        using (var file = GgufFile.Open(SharedFolder.Model("vocab/ggml-vocab-gpt-2.gguf")))
        {
            _edgeFm = (Gpt2Tokenizer)TokenizerLoader.FromGguf(file);
        }

        _microsoft = TiktokenTokenizer.CreateForModel("gpt2");
        _text = TokenizerInputs.Get(Input);
        _ids = _edgeFm.Encode(_text, addBos: false);
        if (!_ids.SequenceEqual(_microsoft.EncodeToIds(_text)))
        {
            throw new InvalidOperationException($"EdgeFM and Microsoft.ML.Tokenizers disagree on input '{Input}'.");
        }
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("encode")]
    public int Encode_Microsoft() => _microsoft.EncodeToIds(_text).Count;

    [Benchmark]
    [BenchmarkCategory("encode")]
    public int Encode_EdgeFM() => _edgeFm.Encode(_text, addBos: false).Length;

    [Benchmark]
    [BenchmarkCategory("decode")]
    public int Decode_Microsoft() => _microsoft.Decode(_ids).Length;

    [Benchmark]
    [BenchmarkCategory("decode")]
    public int Decode_EdgeFM() => _edgeFm.Decode(_ids).Length;
}
