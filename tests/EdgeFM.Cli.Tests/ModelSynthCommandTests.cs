using EdgeFM.Inference.Gguf;
using EdgeFM.Inference.Tokenization;
using EdgeFM.TestSupport;

namespace EdgeFM.Cli.Tests;

[Collection("Console")]
public sealed class ModelSynthCommandTests
{
    [Theory]
    [InlineData("f32", GgmlType.F32)]
    [InlineData("q8_0", GgmlType.Q8_0)]
    [InlineData("q4_0", GgmlType.Q4_0)]
    public async Task Writes_a_llama_gguf_of_the_requested_shape_and_type(string type, GgmlType expected)
    {
        using var temp = new TempDirectory();
        var path = temp.File("tiny.gguf");

        var result = await CliHarness.RunAsync(
            "model", "synth", "--dim", "64", "--layers", "2", "--heads", "4", "--kv-heads", "2", "--ffn", "96", "--vocab", "300",
            "--type", type, "--context", "128", "--out", path);

        Assert.Equal(0, result.ExitCode);
        using var file = GgufFile.Open(path);
        Assert.Equal("llama", file.Architecture);
        Assert.Equal(64, file.GetInt64("llama.embedding_length"));
        Assert.Equal(2, file.GetInt64("llama.block_count"));
        Assert.Equal(4, file.GetInt64("llama.attention.head_count"));
        Assert.Equal(2, file.GetInt64("llama.attention.head_count_kv"));
        Assert.Equal(96, file.GetInt64("llama.feed_forward_length"));
        Assert.Equal(16, file.GetInt64("llama.rope.dimension_count"));
        Assert.Equal(128, file.GetInt64("llama.context_length"));
        Assert.Equal(300, file.GetArray<string>("tokenizer.ggml.tokens").Length);
        Assert.Equal("llama", file.GetString("tokenizer.ggml.model"));
        Assert.Equal(2 + (2 * 9) + 1, file.Tensors.Count);
        Assert.Equal([64L, 300L], file.GetTensor("token_embd.weight").Dimensions);
        Assert.Equal([64L, 32L], file.GetTensor("blk.1.attn_k.weight").Dimensions);
        Assert.Equal([96L, 64L], file.GetTensor("blk.0.ffn_down.weight").Dimensions);
        Assert.Equal(expected, file.GetTensor("blk.0.ffn_gate.weight").Type);
        Assert.Equal(expected, file.GetTensor("output.weight").Type);
        Assert.Equal(GgmlType.F32, file.GetTensor("output_norm.weight").Type);
        Assert.Equal(GgmlType.F32, file.GetTensor("blk.1.attn_norm.weight").Type);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_file_and_the_model_generates()
    {
        using var temp = new TempDirectory();
        string[] Args(string name, string seed) =>
            ["model", "synth", "--dim", "64", "--layers", "1", "--heads", "2", "--ffn", "128", "--vocab", "400", "--type", "q8_0", "--seed", seed, "--out", temp.File(name)];

        Assert.Equal(0, (await CliHarness.RunAsync(Args("a.gguf", "7"))).ExitCode);
        Assert.Equal(0, (await CliHarness.RunAsync(Args("b.gguf", "7"))).ExitCode);
        Assert.Equal(0, (await CliHarness.RunAsync(Args("c.gguf", "8"))).ExitCode);
        Assert.Equal(File.ReadAllBytes(temp.File("a.gguf")), File.ReadAllBytes(temp.File("b.gguf")));
        Assert.NotEqual(File.ReadAllBytes(temp.File("a.gguf")), File.ReadAllBytes(temp.File("c.gguf")));

        // The synthetic vocabulary tokenizes text, and the model runs end to end.
        using (var file = GgufFile.Open(temp.File("a.gguf")))
        {
            var tokenizer = TokenizerLoader.FromGguf(file);
            var ids = tokenizer.Encode("hello world!", addBos: true);
            Assert.Equal(1, ids[0]);
            Assert.Equal("hello world!", tokenizer.Decode(ids.AsSpan(1)));
        }

        var bench = await CliHarness.RunAsync("bench", "decode", "--model", temp.File("a.gguf"), "--prompt-tokens", "8", "--tokens", "8", "--runs", "1", "--json");
        Assert.True(bench.ExitCode == 0, bench.Error);
        Assert.Contains("\"decodeTokensPerSecond\":", bench.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Q4_0_model_benchmarks_repacked_and_with_no_repack()
    {
        using var temp = new TempDirectory();
        var path = temp.File("q4.gguf");
        var synth = await CliHarness.RunAsync(
            "model", "synth", "--dim", "64", "--layers", "2", "--heads", "2", "--ffn", "128", "--vocab", "400", "--type", "q4_0", "--out", path);
        Assert.True(synth.ExitCode == 0, synth.Error);

        foreach (var extra in new[] { Array.Empty<string>(), ["--no-repack"] })
        {
            var result = await CliHarness.RunAsync(["bench", "decode", "--model", path, "--prompt-tokens", "20", "--tokens", "8", "--runs", "1", "--json", .. extra]);
            Assert.True(result.ExitCode == 0, result.Error);
            using var json = System.Text.Json.JsonDocument.Parse(result.Output);
            Assert.True(json.RootElement.GetProperty("decodeTokensPerSecond").GetDouble() > 0);
        }
    }

    [Fact]
    public void Model_flags_reach_the_load_options()
    {
        var options = new Commands.ModelOptions();
        var command = new System.CommandLine.Command("x");
        options.AddTo(command);

        var defaults = options.LoadOptions(command.Parse(["--model", "m.gguf"]));
        Assert.True(defaults.RepackWeights);
        Assert.Equal(GgmlType.F32, defaults.KvCacheType);

        var chosen = options.LoadOptions(command.Parse(["--model", "m.gguf", "--no-repack", "--kv-type", "F16", "--threads", "3"]), contextLength: 64, loadTokenizer: false);
        Assert.False(chosen.RepackWeights);
        Assert.Equal(GgmlType.F16, chosen.KvCacheType);
        Assert.Equal(3, chosen.Threads);
        Assert.Equal(64, chosen.ContextLength);
        Assert.False(chosen.LoadTokenizer);

        var error = Assert.Throws<CliException>(() => options.LoadOptions(command.Parse(["--model", "m.gguf", "--kv-type", "bf16"])));
        Assert.Contains("--kv-type 'bf16'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_llama2c_tokenizer_the_model_carries_its_vocabulary()
    {
        using var temp = new TempDirectory();
        var path = temp.File("vocab.gguf");

        var result = await CliHarness.RunAsync(
            "model", "synth", "--dim", "32", "--layers", "1", "--heads", "2", "--ffn", "32", "--tokenizer", SharedPaths.Model("llama2-tokenizer.bin"), "--out", path);

        Assert.True(result.ExitCode == 0, result.Error);
        using var file = GgufFile.Open(path);
        var tokens = file.GetArray<string>("tokenizer.ggml.tokens");
        var types = file.GetArray<int>("tokenizer.ggml.token_type");
        Assert.Equal(32000, tokens.Length);
        Assert.Equal(32000, file.GetArray<float>("tokenizer.ggml.scores").Length);
        Assert.Equal(["<unk>", "<s>", "</s>", "<0x00>"], tokens[..4]);
        Assert.Equal([2, 3, 3, 6], types[..4]);
        Assert.Equal(6, types[258]);
        Assert.DoesNotContain(tokens, t => t.Contains(' ', StringComparison.Ordinal));
        Assert.Contains("▁the", tokens, StringComparer.Ordinal);
    }

    [Theory]
    [InlineData("--dim", "100", "multiples of 32")]
    [InlineData("--heads", "3", "not a multiple of --heads")]
    [InlineData("--type", "q5_1", "--type 'q5_1' is not supported")]
    [InlineData("--vocab", "10", "at least 259")]
    public async Task Bad_shapes_get_one_clear_message_and_exit_code_2(string option, string value, string message)
    {
        using var temp = new TempDirectory();
        var args = new List<string> { "model", "synth", "--dim", "64", "--layers", "1", "--heads", "2", "--ffn", "64", "--vocab", "300", "--type", "q8_0", "--out", temp.File("bad.gguf") };
        var index = args.IndexOf(option);
        args[index + 1] = value;

        var result = await CliHarness.RunAsync([.. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
