using System.Text.Json;
using EdgeFM.TestSupport;

namespace EdgeFM.Cli.Tests;

public sealed class InferenceCommandTests
{
    private static readonly string Gguf = SharedPaths.Model("stories260K.gguf");

    [Fact]
    public async Task Greedy_generate_prints_the_reference_text()
    {
        var reference = ReferenceText("Once upon a time");

        var (exit, stdout, _) = await EdgefmProcess.RunAsync("generate", "--model", Gguf, "--prompt", "Once upon a time", "--temperature", "0", "-n", "252");

        Assert.Equal(0, exit);
        Assert.Equal(reference + "\n", stdout);
    }

    [Fact]
    public async Task Generate_json_from_the_llama2c_checkpoint_gives_tokens_and_speeds()
    {
        var (exit, stdout, _) = await EdgefmProcess.RunAsync("generate", "--model", SharedPaths.Model("stories260K.bin"), "--tokenizer", SharedPaths.Model("tok512.bin"),
            "--prompt", "Once upon a time", "--temperature", "0", "-n", "10", "--json", "--threads", "1");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal([1, 403, 407, 261, 378], root.GetProperty("promptTokens").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([432, 383, 286, 261, 376, 298, 315, 421, 395, 317], root.GetProperty("tokens").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(", there was a little girl named Lily", root.GetProperty("text").GetString());
        Assert.True(root.GetProperty("prefillTokensPerSecond").GetDouble() > 0);
        Assert.True(root.GetProperty("decodeTokensPerSecond").GetDouble() > 0);
    }

    [Fact]
    public async Task Sampling_with_a_seed_is_repeatable()
    {
        string[] args = ["generate", "--model", Gguf, "--prompt", "Tom", "--temperature", "1", "--seed", "5", "-n", "20", "--json"];

        var first = await EdgefmProcess.RunAsync(args);
        var second = await EdgefmProcess.RunAsync(args);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(Tokens(first.Stdout), Tokens(second.Stdout));
    }

    [Fact]
    public async Task A_mismatched_tokenizer_is_a_clear_bad_input_error()
    {
        var (exit, stdout, stderr) = await EdgefmProcess.RunAsync("generate", "--model", SharedPaths.Model("stories260K.bin"),
            "--tokenizer", SharedPaths.Model("llama2-tokenizer.bin"), "--prompt", "x");

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("tokenizer has 32000 tokens but the model", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_shows_shape_tensors_and_memory()
    {
        var (exit, stdout, _) = await EdgefmProcess.RunAsync("model", "inspect", Gguf);

        Assert.Equal(0, exit);
        Assert.Contains("8 (key/value heads 4, head dimension 8)", stdout, StringComparison.Ordinal);
        Assert.Contains("blk.4.ffn_down.weight", stdout, StringComparison.Ordinal);
        Assert.Contains("512 tokens", stdout, StringComparison.Ordinal);
        Assert.Contains("memory needed", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_of_an_unsupported_architecture_names_it()
    {
        var (exit, _, stderr) = await EdgefmProcess.RunAsync("model", "inspect", SharedPaths.Model("vocab/ggml-vocab-gpt-2.gguf"));

        Assert.Equal(2, exit);
        Assert.Contains("architecture 'gpt2' is not supported", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_decode_prints_one_json_object()
    {
        var (exit, stdout, _) = await EdgefmProcess.RunAsync("bench", "decode", "--model", Gguf, "--prompt-tokens", "16", "--tokens", "16", "--runs", "1", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.True(json.RootElement.GetProperty("prefillTokensPerSecond").GetDouble() > 0);
        Assert.True(json.RootElement.GetProperty("decodeTokensPerSecond").GetDouble() > 0);
        Assert.True(json.RootElement.GetProperty("peakMemoryBytes").GetInt64() > 1_000_000);
    }

    [Fact]
    public async Task Bench_decode_reports_the_memory_resident_before_the_model_was_loaded()
    {
        var (exit, stdout, _) = await EdgefmProcess.RunAsync("bench", "decode", "--model", Gguf, "--prompt-tokens", "8", "--tokens", "8", "--runs", "1", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        var baseline = json.RootElement.GetProperty("baselineMemoryBytes").GetInt64();
        var peak = json.RootElement.GetProperty("peakMemoryBytes").GetInt64();
        Assert.InRange(baseline, 1, peak);

        // The model's own pages (mapping, KV cache, buffers, its code) come on top of what the runtime already held.
        Assert.True(peak > baseline, $"peak {peak} should exceed the baseline {baseline} once the model ran");
        Assert.Equal(new FileInfo(Gguf).Length, json.RootElement.GetProperty("modelFileBytes").GetInt64());

        // stories260K: 5 layers × (keys, values) × 16 positions × KV dimension 32 × 4 bytes.
        Assert.Equal(5 * 2 * 16 * 32 * 4, json.RootElement.GetProperty("kvCacheBytes").GetInt64());
    }

    [Fact]
    public async Task Bench_decode_with_an_F16_cache_reports_half_the_cache_and_rejects_other_types()
    {
        string[] Args(string kvType) => ["bench", "decode", "--model", Gguf, "--prompt-tokens", "16", "--tokens", "16", "--runs", "1", "--json", "--kv-type", kvType];
        var f32 = await EdgefmProcess.RunAsync(Args("f32"));
        var f16 = await EdgefmProcess.RunAsync(Args("f16"));

        Assert.Equal(0, f32.ExitCode);
        Assert.Equal(0, f16.ExitCode);
        using var f32Json = JsonDocument.Parse(f32.Stdout);
        using var f16Json = JsonDocument.Parse(f16.Stdout);
        Assert.Equal(f32Json.RootElement.GetProperty("kvCacheBytes").GetInt64(), 2 * f16Json.RootElement.GetProperty("kvCacheBytes").GetInt64());

        var bad = await EdgefmProcess.RunAsync(Args("q8_0"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--kv-type 'q8_0'", bad.Stderr, StringComparison.Ordinal);
    }

    private static int[] Tokens(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("tokens").EnumerateArray().Select(e => e.GetInt32())];
    }

    private static string ReferenceText(string prompt)
    {
        using var stream = File.OpenRead(Path.Combine(SharedPaths.Reference, "stories260K-greedy.json"));
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty("cases").EnumerateArray()
            .First(c => string.Equals(c.GetProperty("prompt").GetString(), prompt, StringComparison.Ordinal)).GetProperty("text").GetString()!;
    }
}
